using System.Globalization;
using Microsoft.Data.Sqlite;
using PluginBridge.Host.Calc;

namespace PluginBridge.Host.Data;

/// <summary>
/// The fields of one FileMaker-like file: one record per table, kept in SQLite. Each Set is its own statement, so
/// a write is atomic and survives the process; names match case-insensitively, as FileMaker's do. A null path keeps
/// the fields in memory (eval without --db).
/// </summary>
public sealed class FieldStore : IDisposable
{
    readonly SqliteConnection connection;

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
        Execute(connection, """
            PRAGMA busy_timeout = 5000;
            CREATE TABLE IF NOT EXISTS fields (
                table_name TEXT NOT NULL COLLATE NOCASE,
                field_name TEXT NOT NULL COLLATE NOCASE,
                kind       INTEGER NOT NULL,
                text       TEXT,
                data       BLOB,
                PRIMARY KEY (table_name, field_name));
            """);
        return new FieldStore(path, connection);
    }

    public FmValue Get(string table, string field)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT kind, text, data FROM fields WHERE table_name = $t AND field_name = $f";
        cmd.Parameters.AddWithValue("$t", table);
        cmd.Parameters.AddWithValue("$f", field);
        using var r = cmd.ExecuteReader();
        return r.Read() ? Read(r) : FmValue.Empty;
    }

    public void Set(string table, string field, FmValue value)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            INSERT INTO fields (table_name, field_name, kind, text, data) VALUES ($t, $f, $k, $x, $d)
            ON CONFLICT (table_name, field_name) DO UPDATE SET kind = excluded.kind, text = excluded.text, data = excluded.data
            """;
        cmd.Parameters.AddWithValue("$t", table);
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

    /// <summary>Every stored field, sorted by table and field.</summary>
    public IReadOnlyList<(string Table, string Field, FmValue Value)> All()
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT kind, text, data, table_name, field_name FROM fields ORDER BY table_name, field_name";
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string, FmValue)>();
        while (r.Read()) list.Add((r.GetString(3), r.GetString(4), Read(r)));
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

    static void Execute(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => connection.Dispose();
}
