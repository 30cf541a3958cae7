using Microsoft.Data.Sqlite;
using PluginBridge.Host.Data;

namespace PluginBridge.Host.Tests;

/// <summary>Several records per table: layouts, found set, current record, record ids, and what is committed
/// when.</summary>
public class RecordTests
{
    const string Contacts = """
        Go to Layout [ “Contacts” (Contacts) ; Animation: None ]
        Set Variable [ $empty ; Value: Get ( FoundCount ) & "/" & Get ( RecordNumber ) & "/" & Get ( RecordID ) ]
        New Record/Request
        Set Field [ Contacts::Name ; "Ada" ]
        New Record/Request
        Set Field [ Contacts::Name ; "Grace" ]
        New Record/Request
        Set Field [ Contacts::Name ; "Linus" ]
        Set Variable [ $at ; Value: Get ( FoundCount ) & "/" & Get ( RecordNumber ) & "/" & Get ( RecordID ) ]
        Go to Record/Request/Page [ First ]
        Loop
        Set Variable [ $names ; Value: List ( $names ; Get ( RecordNumber ) & ":" & Contacts::Name ) ]
        Go to Record/Request/Page [ Next ; Exit after last: On ]
        End Loop
        Set Variable [ $error ; Value: Get ( LastError ) ]
        Go to Record/Request/Page [ With dialog: Off ; 2 ]
        Delete Record/Request [ With dialog: Off ]
        Set Variable [ $after ; Value: Get ( RecordID ) & ":" & Contacts::Name & "/" & Get ( FoundCount ) ]
        Go to Record/Request/Page [ With dialog: Off ; 7 ]
        Set Variable [ $missing ; Value: Get ( LastError ) & "/" & Get ( RecordNumber ) ]
        Go to Record/Request/Page [ Previous ]
        Go to Record/Request/Page [ Previous ]
        Set Variable [ $first ; Value: Get ( LastError ) & "/" & Contacts::Name ]
        Exit Script [ Text Result: List ( $empty ; $at ; Substitute ( $names ; ¶ ; "," ) ; $error ; $after ;
            $missing ; $first ; Get ( LayoutName ) & "/" & Get ( LayoutTableName ) ) ]
        """;

    [Fact]
    public void NewGoToAndDeleteRecordsMoveTheFoundSet()
    {
        using var folder = new ScriptFolder(("Main", Contacts));
        using var run = new TestRun(folder);
        Assert.Equal(string.Join("\r", "0/0/", "3/3/3", "1:Ada,2:Grace,3:Linus", "101", "3:Linus/2", "101/2",
            "101/Ada", "Contacts/Contacts"), run.Run("Main"));
    }

    [Fact]
    public void RecordIdsAreNeverReusedAndRecordsPersist()
    {
        using var folder = new ScriptFolder(("Main", Contacts), ("Add", """
            Go to Layout [ “Contacts” ]
            Set Variable [ $before ; Value: Get ( FoundCount ) & "/" & Get ( RecordID ) & "/" & Contacts::Name ]
            New Record/Request
            Exit Script [ Text Result: $before & "|" & Get ( RecordID ) & "/" & Get ( TotalRecordCount ) ]
            """));
        var db = Path.Combine(folder.Path, "f.sqlite");
        using (var store = FieldStore.Open(db))
        using (var run = new TestRun(folder, store))
            run.Run("Main");
        using (var store = FieldStore.Open(db))
        using (var run = new TestRun(folder, store))
            // The file opens on the first record; the deleted id 2 and the last id 3 are not handed out again.
            Assert.Equal("2/1/Ada|4/3", run.Run("Add"));
        using var check = FieldStore.Open(db);
        Assert.Equal([1L, 3L], check.All().Where(f => f.Table == "Contacts").Select(f => f.RecordId).ToArray());
    }

    [Fact]
    public void OriginalLayoutAndLayoutsFileAndLayoutNameByCalculation()
    {
        using var folder = new ScriptFolder(("Main", """
            Go to Layout [ “Contact Detail” ]
            Perform Script [ Specified: From list ; “Sub” ; Parameter: ]
            Set Variable [ $back ; Value: Get ( LayoutName ) & "/" & Get ( LayoutTableName ) ]
            Set Error Capture [ On ]
            Go to Layout [ Layout Name: "No" & " Such" ]
            Set Variable [ $error ; Value: Get ( LastError ) ]
            Exit Script [ Text Result: Get ( ScriptResult ) & "|" & $back & "|" & $error & "/" & Get ( LayoutName ) ]
            """), ("Sub", """
            Go to Layout [ Layout Name: "Invoice " & "List" ]
            Set Variable [ $in ; Value: Get ( LayoutName ) & "/" & Get ( LayoutTableName ) ]
            Go to Layout [ original layout ; Animation: None ]
            Exit Script [ Text Result: $in & "|" & Get ( LayoutName ) ]
            """));
        File.WriteAllText(Path.Combine(folder.Path, "layouts.tsv"),
            "# layout\ttable\nContact Detail\tContacts\nInvoice List\tInvoices\n");
        using var run = new TestRun(folder);
        Assert.Equal("Invoice List/Invoices|Contact Detail|Contact Detail/Contacts|105/Contact Detail",
            run.Run("Main"));
    }

    [Fact]
    public void SetFieldWithNoCurrentRecordOnTheLayoutIsError101()
    {
        using var folder = new ScriptFolder(("Main", """
            Go to Layout [ “Notes” ]
            Set Field [ Notes::Text ; "lost" ]
            Set Variable [ $error ; Value: Get ( LastError ) & "/" & Get ( FoundCount ) ]
            Set Field [ Other::Text ; "kept" ]
            Exit Script [ Text Result: $error & "/" & Notes::Text & "/" & Other::Text ]
            """));
        using var run = new TestRun(folder);
        Assert.Equal("101/0//kept", run.Run("Main"));
    }

    [Fact]
    public void RecordStepBeforeAnyLayoutSaysWhatToDo()
    {
        using var folder = new ScriptFolder(("Main", "Set Field [ T::F ; 1 ]\nNew Record/Request\n"));
        using var run = new TestRun(folder);
        var e = Assert.Throws<PluginBridge.Host.Script.ScriptRuntimeException>(() => run.Run("Main"));
        Assert.StartsWith("Main.fmscript:2: New Record/Request: no layout yet", e.Message);
        // The step before it still wrote its record (fields without a layout keep one record per table).
        Assert.Equal("1", run.Field("T", "F"));
    }

    [Fact]
    public void SetWebViewerOpensUrlsAndRecordsTheOtherActions()
    {
        using var folder = new ScriptFolder(("Main", """
            Set Web Viewer [ Object Name: "web" ; Action: Go to URL ; URL: "http://127.0.0.1:9/" & "a" ]
            Set Web Viewer [ Object Name: "web" ; Action: Reload ]
            Set Web Viewer [ Object Name: "web" ; Action: Go Back ]
            Set Web Viewer [ Object Name: "web" ; URL: "about:blank" ]
            """));
        using var run = new TestRun(folder, browser: "true");
        run.Run("Main");
        Assert.Equal("[web viewer web] open http://127.0.0.1:9/a\n[web viewer web] reload (recorded; no page here)\n"
            + "[web viewer web] go back (recorded; no page here)\n[web viewer web] closed\n",
            run.Log.ToString().Replace("\r\n", "\n"));
    }

    /// <summary>Set Field changes wait in one transaction until the record is committed: another reader of the file
    /// sees the record as it was, then all of the change at once.</summary>
    [Fact]
    public void ChangesAreVisibleToOtherReadersOnlyWhenCommitted()
    {
        var db = Path.Combine(Path.GetTempPath(), $"pbhost-{Guid.NewGuid():N}.sqlite");
        try
        {
            using var store = FieldStore.Open(db);
            store.Set("T", "A", Calc.FmValue.Number(1));
            store.Set("T", "B", Calc.FmValue.Number(1));
            store.Commit();
            store.Set("T", "A", Calc.FmValue.Number(2));
            store.Set("T", "B", Calc.FmValue.Number(2));
            Assert.Equal("2", store.Get("T", "A").AsText()); // the script sees its own change at once
            Assert.Equal("1,1", ReadOther(db));
            store.Commit();
            Assert.Equal("2,2", ReadOther(db));
        }
        finally { SqliteConnection.ClearAllPools(); File.Delete(db); }
    }

    /// <summary>A database of the one-record-per-table host opens with its values as record 1 of each table.</summary>
    [Fact]
    public void OneRecordDatabaseOfTheEarlierHostIsMigrated()
    {
        var db = Path.Combine(Path.GetTempPath(), $"pbhost-{Guid.NewGuid():N}.sqlite");
        try
        {
            using (var old = new SqliteConnection($"Data Source={db};Pooling=False"))
            {
                old.Open();
                using var cmd = old.CreateCommand();
                cmd.CommandText = """
                    CREATE TABLE fields (table_name TEXT NOT NULL COLLATE NOCASE,
                        field_name TEXT NOT NULL COLLATE NOCASE, kind INTEGER NOT NULL, text TEXT, data BLOB,
                        PRIMARY KEY (table_name, field_name));
                    INSERT INTO fields VALUES ('Book Keeping', 'token', 0, 'abc', NULL);
                    """;
                cmd.ExecuteNonQuery();
            }
            using (var store = FieldStore.Open(db))
            {
                Assert.Equal("abc", store.Get("book keeping", "TOKEN").AsText());
                Assert.Equal(1L, store.CurrentRecord("Book Keeping"));
                Assert.Equal(2L, store.NewRecord("Book Keeping"));
            }
        }
        finally { File.Delete(db); }
    }

    static string ReadOther(string db)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT group_concat(text, ',') FROM (SELECT text FROM field_values ORDER BY field_name)";
        return (string)cmd.ExecuteScalar()!;
    }
}
