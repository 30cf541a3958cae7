using System.Globalization;
using Microsoft.Data.Sqlite;
using PluginBridge.Host.Calc;

namespace PluginBridge.Host.Data;

/// <summary>
/// The records of one FileMaker-like file, kept in SQLite: tables of records with ids that are never reused, and
/// their field values. Changes are held in one SQLite transaction until <see cref="Commit"/> (Commit Records, leaving
/// the record, the end of the script), so a killed host leaves the last committed state and never half a record.
/// Names match case-insensitively, as FileMaker's do. A null path keeps the records in memory (eval without --db).
/// The found set and current record of each table are in <see cref="FieldStore"/>.Records.cs.
/// </summary>
public sealed partial class FieldStore : IDisposable
{
    readonly SqliteConnection connection;
    SqliteTransaction? open;

    public string? Path { get; }

    FieldStore(string? path, SqliteConnection connection) { Path = path; this.connection = connection; }

    public static FieldStore Open(string? path)
    {
        if (path is not null)
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        // Pooling off: the file is closed when the store is disposed, so a later run (or test) opens it fresh.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path ?? ":memory:",
            Pooling = false,
            Mode = SqliteOpenMode.ReadWriteCreate,
        }.ToString());
        connection.Open();
        var store = new FieldStore(path, connection);
        // Rollback journal with full sync: a commit is on disk before it returns, and a hot journal left by a killed
        // host is rolled back by the next open, so readers see the previous commit.
        store.Execute("""
            PRAGMA busy_timeout = 5000;
            PRAGMA journal_mode = DELETE;
            PRAGMA synchronous = FULL;
            """);
        store.Migrate();
        return store;
    }

    /// <summary>Creates the tables; a database of the one-record-per-table host becomes record 1 of each.</summary>
    void Migrate()
    {
        Begin();
        Execute("""
            CREATE TABLE IF NOT EXISTS tables (
                table_name TEXT NOT NULL COLLATE NOCASE PRIMARY KEY,
                next_id    INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS records (
                table_name TEXT NOT NULL COLLATE NOCASE,
                record_id  INTEGER NOT NULL,
                PRIMARY KEY (table_name, record_id));
            CREATE TABLE IF NOT EXISTS field_values (
                table_name TEXT NOT NULL COLLATE NOCASE,
                record_id  INTEGER NOT NULL,
                field_name TEXT NOT NULL COLLATE NOCASE,
                kind       INTEGER NOT NULL,
                text       TEXT,
                data       BLOB,
                PRIMARY KEY (table_name, record_id, field_name));
            """);
        using (var old = Command("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'fields'"))
        {
            if (Convert.ToInt64(old.ExecuteScalar(), CultureInfo.InvariantCulture) == 1)
                Execute("""
                    INSERT OR IGNORE INTO field_values SELECT table_name, 1, field_name, kind, text, data FROM fields;
                    INSERT OR IGNORE INTO records SELECT DISTINCT table_name, 1 FROM fields;
                    INSERT OR IGNORE INTO tables SELECT DISTINCT table_name, 2 FROM fields;
                    DROP TABLE fields;
                    """);
        }
        Commit();
    }

    /// <summary>The field of the table's current record; empty when the table has no record.</summary>
    public FmValue Get(string table, string field)
    {
        if (CurrentRecord(table) is not { } id) return FmValue.Empty;
        using var cmd = Command(
            "SELECT kind, text, data FROM field_values WHERE table_name = $t AND record_id = $r AND field_name = $f");
        cmd.Parameters.AddWithValue("$t", table);
        cmd.Parameters.AddWithValue("$r", id);
        cmd.Parameters.AddWithValue("$f", field);
        using var r = cmd.ExecuteReader();
        return r.Read() ? Read(r) : FmValue.Empty;
    }

    /// <summary>Sets a field of the table's current record (a table without records gets its first one).</summary>
    public void Set(string table, string field, FmValue value)
    {
        Begin();
        var id = CurrentRecord(table) ?? NewRecord(table);
        using var cmd = Command("""
            INSERT INTO field_values (table_name, record_id, field_name, kind, text, data)
            VALUES ($t, $r, $f, $k, $x, $d)
            ON CONFLICT (table_name, record_id, field_name)
            DO UPDATE SET kind = excluded.kind, text = excluded.text, data = excluded.data
            """);
        cmd.Parameters.AddWithValue("$t", table);
        cmd.Parameters.AddWithValue("$r", id);
        cmd.Parameters.AddWithValue("$f", field);
        cmd.Parameters.AddWithValue("$k", (int)value.Kind);
        cmd.Parameters.AddWithValue("$x", value.Kind switch
        {
            FmKind.Text => value.AsText(),
            FmKind.Container => value.FileName ?? "",
            _ => value.RawNumber.ToString(CultureInfo.InvariantCulture),
        });
        cmd.Parameters.AddWithValue("$d", value.Kind == FmKind.Container ? value.Bytes ?? [] : DBNull.Value);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Makes the changes since the last commit permanent, all together (FileMaker's record commit).</summary>
    public void Commit()
    {
        if (open is null) return;
        open.Commit();
        open.Dispose();
        open = null;
    }

    /// <summary>Every stored field of every record, sorted by table, record id and field.</summary>
    public IReadOnlyList<(string Table, long RecordId, string Field, FmValue Value)> All()
    {
        using var cmd = Command("""
            SELECT kind, text, data, table_name, record_id, field_name FROM field_values
            ORDER BY table_name, record_id, field_name
            """);
        using var r = cmd.ExecuteReader();
        var list = new List<(string, long, string, FmValue)>();
        while (r.Read()) list.Add((r.GetString(3), r.GetInt64(4), r.GetString(5), Read(r)));
        return list;
    }

    static FmValue Read(SqliteDataReader r)
    {
        var kind = (FmKind)r.GetInt32(0);
        var text = r.IsDBNull(1) ? "" : r.GetString(1);
        if (kind == FmKind.Text) return FmValue.Text(text);
        if (kind == FmKind.Container) return FmValue.Container(r.IsDBNull(2) ? [] : (byte[])r.GetValue(2), text);
        var n = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return kind switch
        {
            FmKind.Date => FmValue.Date(n),
            FmKind.Time => FmValue.Time(n),
            FmKind.Timestamp => FmValue.Timestamp(n),
            _ => FmValue.Number(n),
        };
    }

    void Begin() => open ??= connection.BeginTransaction();

    /// <summary>A command inside the open transaction, if any (SQLite wants the two joined).</summary>
    SqliteCommand Command(string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = open;
        return cmd;
    }

    void Execute(string sql)
    {
        using var cmd = Command(sql);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Closing the file commits, as FileMaker does when its window closes; a killed host does not.</summary>
    public void Dispose()
    {
        try { Commit(); }
        finally { connection.Dispose(); }
    }
}
