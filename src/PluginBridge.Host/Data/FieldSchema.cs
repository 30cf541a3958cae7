using PluginBridge.Host.Calc;

namespace PluginBridge.Host.Data;

/// <summary>
/// The fields a file defines, by table occurrence (the name scripts use: Table::Field), with FileMaker's data types
/// (Text, Number, Date, Time, Timestamp, Binary = container). Read from a "Save a Copy as XML" export; a value set
/// into a field takes the field's type, as FileMaker stores it. Names match case-insensitively.
/// </summary>
public sealed class FieldSchema
{
    readonly Dictionary<string, Dictionary<string, FmKind>> tables = new(StringComparer.OrdinalIgnoreCase);

    public void Add(string table, string field, FmKind kind)
    {
        if (!tables.TryGetValue(table, out var fields))
            tables[table] = fields = new Dictionary<string, FmKind>(StringComparer.OrdinalIgnoreCase);
        fields[field] = kind;
    }

    public int Count => tables.Values.Sum(f => f.Count);

    public IEnumerable<(string Table, string Field, FmKind Kind)> All =>
        tables.SelectMany(t => t.Value.Select(f => (t.Key, f.Key, f.Value)));

    public FmKind? KindOf(string table, string field) =>
        tables.TryGetValue(table, out var fields) && fields.TryGetValue(field, out var kind) ? kind : null;

    /// <summary>FileMaker's datatype attribute (FieldCatalog) as a value kind; null for one we do not know.</summary>
    public static FmKind? KindOf(string datatype) => datatype switch
    {
        "Text" => FmKind.Text,
        "Number" => FmKind.Number,
        "Date" => FmKind.Date,
        "Time" => FmKind.Time,
        "TimeStamp" or "Timestamp" => FmKind.Timestamp,
        "Binary" or "Container" => FmKind.Container,
        _ => null,
    };

    /// <summary>
    /// The value as a field of this kind stores it; text that is not a number or date stays text, as typed.
    /// </summary>
    public static FmValue Coerce(FmKind kind, FmValue value)
    {
        if (value.IsEmpty || value.Kind == kind || kind == FmKind.Container) return value;
        return kind switch
        {
            FmKind.Text => FmValue.Text(value.AsText()),
            FmKind.Number => value.AsNumber() is { } n ? FmValue.Number(n) : value,
            FmKind.Date => value.Kind switch
            {
                FmKind.Timestamp => FmValue.Date(decimal.Truncate(value.RawNumber / 86400) + 1),
                FmKind.Number => FmValue.Date(value.RawNumber),
                _ => FmTime.ParseDate(value.AsText()) ?? value,
            },
            FmKind.Time => value.Kind switch
            {
                FmKind.Timestamp => FmValue.Time(value.RawNumber % 86400),
                FmKind.Number => FmValue.Time(value.RawNumber),
                _ => FmTime.ParseTime(value.AsText()) ?? value,
            },
            FmKind.Timestamp => value.Kind switch
            {
                FmKind.Date => FmValue.Timestamp((value.RawNumber - 1) * 86400),
                FmKind.Number or FmKind.Time => FmValue.Timestamp(value.RawNumber),
                _ => FmTime.ParseTimestamp(value.AsText()) ?? value,
            },
            _ => value,
        };
    }
}
