namespace PluginBridge.Engine.Core;

/// <summary>
/// The one process-wide source of handle numbers. Each family counts up from its MBS first number (SendMail 14000,
/// CURL 16000, …) but skips numbers another family has already handed out, and a number is never handed out twice:
/// so a number names one object for the life of the process, and a script that passes a SendMail number to
/// CURL.Release gets an error instead of freeing someone else's object.
/// </summary>
public static class HandleNumbers
{
    /// <summary>A run of consecutive numbers handed out to one family: [Start, End).</summary>
    sealed class Run(long start, string family)
    {
        public readonly long Start = start;
        public long End = start;
        public readonly string Family = family;
    }

    static readonly object gate = new();
    // Sorted by Start, disjoint. One run per stretch a family counted without meeting another family's numbers,
    // so there are few: they only multiply when two families keep overtaking each other.
    static readonly List<Run> runs = [];
    static readonly Dictionary<string, Run> lastRun = new(StringComparer.Ordinal);

    /// <summary>The next number for <paramref name="family"/>, starting at <paramref name="first"/>.</summary>
    public static long Next(string family, long first)
    {
        lock (gate)
        {
            if (lastRun.TryGetValue(family, out var last) && !TakenByOther(last.End, family))
                return last.End++;
            var n = last?.End ?? first;
            while (FindRun(n) is { } taken) n = taken.End; // skip over what others (or we, earlier) hold
            var run = new Run(n, family);
            runs.Insert(InsertionIndex(n), run);
            lastRun[family] = run;
            return run.End++;
        }
    }

    /// <summary>The family that was given <paramref name="number"/>, or null if no family was.</summary>
    public static string? Owner(long number)
    {
        lock (gate) return FindRun(number)?.Family;
    }

    static bool TakenByOther(long n, string family) => FindRun(n) is { } r && r.Family != family;

    static Run? FindRun(long n)
    {
        var i = InsertionIndex(n) - 1; // the last run starting at or before n
        return i >= 0 && n < runs[i].End ? runs[i] : null;
    }

    /// <summary>Index of the first run starting after <paramref name="n"/>.</summary>
    static int InsertionIndex(long n)
    {
        int lo = 0, hi = runs.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (runs[mid].Start <= n) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
