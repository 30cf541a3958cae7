using System.Globalization;

namespace PluginBridge.Host.Data;

/// <summary>
/// The found set of each table: all its records in creation order (this host has no Find or Sort), with a current
/// record. It starts on the first record when the file opens, as FileMaker's does; a new record joins the end.
/// </summary>
public sealed partial class FieldStore
{
    sealed class FoundSet(List<long> ids)
    {
        public List<long> Ids { get; } = ids;
        public int Index { get; set; } = ids.Count > 0 ? 0 : -1;
    }

    readonly Dictionary<string, FoundSet> foundSets = new(StringComparer.OrdinalIgnoreCase);

    FoundSet Found(string table)
    {
        if (foundSets.TryGetValue(table, out var set)) return set;
        using var cmd = Command("SELECT record_id FROM records WHERE table_name = $t ORDER BY record_id");
        cmd.Parameters.AddWithValue("$t", table);
        var ids = new List<long>();
        using (var r = cmd.ExecuteReader()) while (r.Read()) ids.Add(r.GetInt64(0));
        return foundSets[table] = new FoundSet(ids);
    }

    /// <summary>Get ( RecordID ) of the table's current record; null when its found set is empty.</summary>
    public long? CurrentRecord(string table) => Found(table) is { Index: >= 0 } f ? f.Ids[f.Index] : null;

    /// <summary>Get ( FoundCount ).</summary>
    public int FoundCount(string table) => Found(table).Ids.Count;

    /// <summary>Get ( RecordNumber ): the current record's place in the found set, 1-based; 0 when empty.</summary>
    public int RecordNumber(string table) => Found(table).Index + 1;

    /// <summary>Get ( TotalRecordCount ).</summary>
    public int TotalRecordCount(string table)
    {
        using var cmd = Command("SELECT count(*) FROM records WHERE table_name = $t");
        cmd.Parameters.AddWithValue("$t", table);
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>New Record/Request: a record with the table's next id, last in the found set, made current.</summary>
    public long NewRecord(string table)
    {
        var set = Found(table); // read before the insert, which it must not hold yet
        Begin();
        using var next = Command("""
            INSERT INTO tables (table_name, next_id) VALUES ($t, 2)
            ON CONFLICT (table_name) DO UPDATE SET next_id = next_id + 1
            RETURNING next_id - 1
            """);
        next.Parameters.AddWithValue("$t", table);
        var id = Convert.ToInt64(next.ExecuteScalar(), CultureInfo.InvariantCulture);
        using var insert = Command("INSERT INTO records (table_name, record_id) VALUES ($t, $r)");
        insert.Parameters.AddWithValue("$t", table);
        insert.Parameters.AddWithValue("$r", id);
        insert.ExecuteNonQuery();
        set.Ids.Add(id);
        set.Index = set.Ids.Count - 1;
        return id;
    }

    /// <summary>Delete Record/Request: the current record goes; the next (or the new last) becomes current.</summary>
    public bool DeleteRecord(string table)
    {
        var set = Found(table);
        if (set.Index < 0) return false;
        Begin();
        var id = set.Ids[set.Index];
        using var cmd = Command("""
            DELETE FROM field_values WHERE table_name = $t AND record_id = $r;
            DELETE FROM records WHERE table_name = $t AND record_id = $r;
            """);
        cmd.Parameters.AddWithValue("$t", table);
        cmd.Parameters.AddWithValue("$r", id);
        cmd.ExecuteNonQuery();
        set.Ids.RemoveAt(set.Index);
        set.Index = Math.Min(set.Index, set.Ids.Count - 1);
        return true;
    }

    /// <summary>Makes the record at a 1-based place of the found set current; false when there is none.</summary>
    public bool GoToRecord(string table, int number)
    {
        var set = Found(table);
        if (number < 1 || number > set.Ids.Count) return false;
        set.Index = number - 1;
        return true;
    }
}
