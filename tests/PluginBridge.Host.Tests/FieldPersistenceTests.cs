using PluginBridge.Host.Data;

namespace PluginBridge.Host.Tests;

/// <summary>Fields live in the file's SQLite database and are there again on the next run, with their types.</summary>
public class FieldPersistenceTests
{
    [Fact]
    public void FieldsPersistAcrossTwoRuns()
    {
        using var folder = new ScriptFolder(("Count", """
            Set Field [ Book Keeping::Runs ; Book Keeping::Runs + 1 ]
            If [ Book Keeping::Runs = 1 ]
            Set Field [ Book Keeping::access_token_expires ; Get ( CurrentTimestamp ) + 3600 ]
            Set Field [ Book Keeping::Note ; "first¶run" ]
            End If
            Exit Script [ Text Result: Book Keeping::access_token_expires > Get ( CurrentTimestamp ) ]
            """));
        var db = Path.Combine(folder.Path, "fields.sqlite");
        for (var run = 1; run <= 2; run++)
        {
            using var store = FieldStore.Open(db);
            using var host = new TestRun(folder, store);
            // The expiry read back is still a timestamp, so it compares with the current time as one.
            Assert.Equal("1", host.Run("Count"));
            Assert.Equal(run.ToString(), host.Field("Book Keeping", "Runs"));
        }
        using var check = FieldStore.Open(db);
        Assert.Equal("first\rrun", check.Get("book keeping", "NOTE").AsText());
        Assert.Equal(["Book Keeping::Note", "Book Keeping::Runs", "Book Keeping::access_token_expires"],
            check.All().Select(f => f.Table + "::" + f.Field).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void ContainersKeepBytesAndFileName()
    {
        var db = Path.Combine(Path.GetTempPath(), $"pbhost-{Guid.NewGuid():N}.sqlite");
        try
        {
            using (var store = FieldStore.Open(db))
                store.Set("T", "File", Calc.FmValue.Container([1, 2, 3, 0, 255], "a.bin"));
            using var again = FieldStore.Open(db);
            var value = again.Get("T", "File");
            Assert.Equal("a.bin", value.FileName);
            Assert.Equal(new byte[] { 1, 2, 3, 0, 255 }, value.Bytes);
        }
        finally { File.Delete(db); }
    }
}
