namespace PluginBridge.Native.Fmx;

/// <summary>
/// FileMaker Text objects to and from .NET strings. Both are UTF-16, so the units are copied as they are: surrogate
/// pairs, CR (¶) and embedded NULs arrive unchanged, and the engine sees exactly what the script passed.
/// </summary>
static unsafe class FmxText
{
    public static string Read(void* text)
    {
        var n = Fm.TextSize(text);
        if (n == 0) return "";
        // One unit more than asked for, in case a host terminates what it copies.
        var buffer = new char[checked((int)n + 1)];
        fixed (char* p = buffer) Fm.TextGet(text, p, 0, n);
        return new string(buffer, 0, (int)n);
    }

    /// <summary>A new Text holding s; the caller deletes it with Fm.TextDelete.</summary>
    public static void* New(string s)
    {
        var t = Fm.TextNew();
        try
        {
            fixed (char* p = s) Fm.TextAssign(t, p, (uint)s.Length);
            return t;
        }
        catch { Fm.TextDelete(t); throw; }
    }

    /// <summary>Deletes a Text made by <see cref="New"/>; NULL is ignored.</summary>
    public static void Delete(void* t)
    {
        if (t != null) Fm.TextDelete(t);
    }
}
