using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace PluginBridge.Host.Tests;

/// <summary>
/// The published host is killed with SIGKILL while a script writes records in a loop; a fresh host then reads the
/// database back and finds the last committed state whole: no half-written record, no lost committed one.
/// </summary>
public class KillTests
{
    /// <summary>
    /// Each round adds a Log record numbered like the round and changes the Counter record (A, a 20 KB Text holding
    /// the number at both ends, B), then commits. So every committed state has A = B, Text around A, and Log records
    /// 1 … A. With a parameter, the script stops at that round before setting B and before the commit: it holds the
    /// round's changes uncommitted and spins, so the kill lands inside an open transaction.
    /// </summary>
    const string Writer = """
        Go to Layout [ “Counter” ]
        If [ Get ( FoundCount ) = 0 ]
        New Record/Request
        End If
        Set Variable [ $pad ; Value: "0123456789" ]
        Loop
        Set Variable [ $pad ; Value: $pad & $pad ]
        Exit Loop If [ Length ( $pad ) > 20000 ]
        End Loop
        Go to Layout [ “Log” ]
        Set Variable [ $i ; Value: Counter::A ]
        Loop
        Set Variable [ $i ; Value: $i + 1 ]
        New Record/Request
        Set Field [ Log::N ; $i ]
        Set Field [ Counter::A ; $i ]
        Set Field [ Counter::Text ; $i & $pad & $i ]
        If [ $i = GetAsNumber ( Get ( ScriptParameter ) ) ]
        Show Custom Dialog [ "holding" ; $i ]
        Loop
        Set Variable [ $spin ; Value: $spin + 1 ]
        End Loop
        End If
        Set Field [ Counter::B ; $i ]
        Commit Records/Requests [ With dialog: Off ]
        If [ Mod ( $i ; 20 ) = 0 ]
        Show Custom Dialog [ "committed" ; $i ]
        End If
        End Loop
        """;

    const string Check = """
        Go to Layout [ “Log” ]
        Set Variable [ $ok ; Value: 1 ]
        Go to Record/Request/Page [ First ]
        Loop
        Exit Loop If [ Get ( FoundCount ) = 0 ]
        Set Variable [ $ok ; Value: $ok and Log::N = Get ( RecordNumber ) ]
        Go to Record/Request/Page [ Next ; Exit after last: On ]
        End Loop
        Set Variable [ $text ; Value: Counter::Text ]
        Set Variable [ $wrapped ; Value: Left ( $text ; Length ( Counter::A ) ) = Counter::A
            and Right ( $text ; Length ( Counter::A ) ) = Counter::A and Length ( $text ) > 20000 ]
        Show Custom Dialog [ "state" ; Counter::A & "," & Counter::B & "," & Get ( FoundCount ) & "," & $ok & ","
            & $wrapped ]
        """;

    [HostExecutableFact]
    public void KilledWhileWritingInALoopLeavesTheLastCommittedState()
    {
        using var folder = new ScriptFolder(("Writer", Writer), ("Check", Check));
        var db = Path.Combine(folder.Path, "f.sqlite");
        var committed = 0;
        for (var round = 1; round <= 3; round++)
        {
            // Killed at whatever step it is on, after at least 40 more rounds were committed.
            var seen = RunUntil(folder, db, "", line => Committed(line) >= committed + 40);
            var (a, b, logs, ok, wrapped) = ReadBack(folder, db);
            Assert.True(a >= seen && a == b && logs == a && ok && wrapped,
                $"round {round}: seen {seen}, state A={a} B={b} Log={logs} numbered={ok} text={wrapped}");
            committed = a;
        }
    }

    [HostExecutableFact]
    public void KilledInsideAnOpenTransactionLosesOnlyThatRecordChange()
    {
        using var folder = new ScriptFolder(("Writer", Writer), ("Check", Check));
        var db = Path.Combine(folder.Path, "f.sqlite");
        RunUntil(folder, db, "30", line => line.StartsWith("[dialog] holding: 30", StringComparison.Ordinal));
        var (a, b, logs, ok, wrapped) = ReadBack(folder, db);
        // Round 30 added its Log record and set A and Text, never committed: the fresh host sees round 29 whole.
        Assert.Equal((29, 29, 29, true, true), (a, b, logs, ok, wrapped));
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", cmd.ExecuteScalar());
    }

    /// <summary>While one host holds an uncommitted record, another one that wants to write says so and stops.
    /// </summary>
    [HostExecutableFact]
    public void SecondWriterOfABusyDatabaseGetsAClearMessage()
    {
        using var folder = new ScriptFolder(("Check", Check));
        var db = Path.Combine(folder.Path, "f.sqlite");
        using var holder = PluginBridge.Host.Data.FieldStore.Open(db);
        holder.Set("T", "F", PluginBridge.Host.Calc.FmValue.Text("held"));
        var (code, _, stderr) = HostExecutable.Run("eval", "T::F", "--db", db, "--set", "T::F=other", "--no-plugin");
        Assert.Equal(1, code);
        Assert.Contains("the field database is busy", stderr);
        holder.Commit();
        Assert.Equal("held\n", HostExecutable.Run("eval", "T::F", "--db", db, "--no-plugin").Out);
    }

    static int Committed(string line) =>
        line.StartsWith("[dialog] committed: ", StringComparison.Ordinal) ? int.Parse(line[20..]) : -1;

    /// <summary>Starts the host on Writer, reads its output until a line passes, then kills it with SIGKILL
    /// (Process.Kill on Linux and macOS). Returns the last committed round it reported.</summary>
    static int RunUntil(ScriptFolder folder, string db, string parameter, Func<string, bool> until)
    {
        var start = new ProcessStartInfo(HostExecutable.Path,
            ["run", folder.Path, "--script", "Writer", "--db", db, "--no-plugin",
                .. parameter is "" ? [] : new[] { "--param", parameter }])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(start)!;
        var seen = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                var line = p.StandardOutput.ReadLineAsync();
                if (!line.Wait(TimeSpan.FromSeconds(60)) || line.Result is null)
                    throw new Xunit.Sdk.XunitException($"the host stopped or went silent: {p.StandardError.ReadToEnd()}"
                        .Trim());
                seen = Math.Max(seen, Committed(line.Result));
                if (until(line.Result)) break;
                if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("no progress in 2 minutes");
            }
        }
        finally
        {
            p.Kill(); // SIGKILL: no finally, no Dispose, no SQLite commit runs in the host
            p.WaitForExit();
        }
        Assert.NotEqual(0, p.ExitCode);
        return seen;
    }

    /// <summary>A fresh host reads the database back: Counter::A, B, the Log count, Log numbered 1…, Text whole.
    /// </summary>
    static (int A, int B, int Logs, bool Numbered, bool Wrapped) ReadBack(ScriptFolder folder, string db)
    {
        var (code, stdout, stderr) =
            HostExecutable.Run("run", folder.Path, "--script", "Check", "--db", db, "--no-plugin");
        Assert.True(code == 0, stderr);
        var parts = stdout.Trim().Replace("[dialog] state: ", "").Split(',').Select(int.Parse).ToArray();
        return (parts[0], parts[1], parts[2], parts[3] == 1, parts[4] == 1);
    }
}
