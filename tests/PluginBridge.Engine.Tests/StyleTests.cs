using PluginBridge.Engine.Tests.Core;
using Xunit;

namespace PluginBridge.Engine.Tests;

/// <summary>
/// The line rule of .editorconfig (120 characters), checked for the folders that follow it. A folder joins the
/// list once reflowed; the others (Curl, WebHook, WebRequest, SendMail, the host, the tests) follow when the
/// branches working in them have landed.
/// </summary>
public class StyleTests
{
    static readonly string[] Checked =
    [
        "src/PluginBridge.Engine/Core", "src/PluginBridge.Engine/Meta", "src/PluginBridge.Engine/FM",
        "src/PluginBridge.Engine/Text", "src/PluginBridge.Engine/WebView", "src/PluginBridge.Engine/Families.cs",
        "src/PluginBridge.Native", "src/Shared", "tools",
    ];

    [Fact]
    public void LinesInCheckedFoldersAreAtMost120Characters()
    {
        var root = RegistryTests.RepoRoot();
        var tooLong = new List<string>();
        foreach (var entry in Checked)
        {
            var path = Path.Combine(root, entry);
            var files = File.Exists(path) ? [path] : Directory.EnumerateFiles(path, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                    && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
            foreach (var file in files)
            {
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                    if (lines[i].Length > 120) tooLong.Add($"{Path.GetRelativePath(root, file)}:{i + 1} ({lines[i].Length})");
            }
        }
        Assert.True(tooLong.Count == 0, "lines over 120 characters:\n" + string.Join("\n", tooLong));
    }
}
