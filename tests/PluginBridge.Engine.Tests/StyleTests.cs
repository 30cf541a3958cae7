using PluginBridge.Engine.Tests.Core;
using Xunit;

namespace PluginBridge.Engine.Tests;

/// <summary>
/// The line rule of .editorconfig (120 characters) for every C# file in src/, tests/ and tools/. The lines inside a
/// multi-line raw string ("""…""") are data (script text, XML, SQL) and do not count. `python3 tools/style/reflow.py
/// src tests tools` wraps long lines (it lists the few it cannot, to shorten by hand).
/// </summary>
public class StyleTests
{
    static readonly string[] Roots = ["src", "tests", "tools"];

    [Fact]
    public void LinesAreAtMost120Characters()
    {
        var root = RegistryTests.RepoRoot();
        var tooLong = new List<string>();
        foreach (var file in Roots.SelectMany(r => SourceFiles(Path.Combine(root, r))))
            foreach (var (number, length) in LongLines(File.ReadAllLines(file)))
                tooLong.Add($"{Path.GetRelativePath(root, file)}:{number} ({length})");
        Assert.True(tooLong.Count == 0, "lines over 120 characters:\n" + string.Join("\n", tooLong));
    }

    [Fact]
    public void RawStringContentIsNotCounted()
    {
        var longText = new string('x', 130);
        string[] lines = ["var xml = \"\"\"", longText, "    \"\"\";", longText];
        Assert.Equal([(4, 130)], LongLines(lines));
    }

    static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Order(StringComparer.Ordinal);

    /// <summary>(line number, length) of the lines over 120 characters, outside multi-line raw strings.</summary>
    internal static List<(int Number, int Length)> LongLines(string[] lines)
    {
        var found = new List<(int, int)>();
        var inRaw = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (inRaw)
            {
                if (!trimmed.StartsWith("\"\"\"", StringComparison.Ordinal)) continue;
                inRaw = false;
            }
            else if (trimmed.EndsWith("\"\"\"", StringComparison.Ordinal) && Occurrences(trimmed) % 2 == 1)
                inRaw = true;
            if (lines[i].Length > 120) found.Add((i + 1, lines[i].Length));
        }
        return found;
    }

    static int Occurrences(string line) => (line.Length - line.Replace("\"\"\"", "").Length) / 3;
}
