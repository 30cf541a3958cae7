using System.Text;

namespace PluginBridge.Host.Calc;

/// <summary>FileMaker's result types. Dates, times and timestamps carry a number (days / seconds) as FileMaker
/// does.</summary>
public enum FmKind { Text, Number, Date, Time, Timestamp, Container }

/// <summary>
/// One calculation value. Text is FileMaker text (CR line endings); Number is a decimal (FileMaker computes in
/// decimal, so 0.1 + 0.2 = 0.3); Date = days since 1/1/0001 (that day is 1); Time = seconds since midnight;
/// Timestamp = seconds since 1/1/0001 0:00.
/// </summary>
public sealed class FmValue
{
    public FmKind Kind { get; }
    readonly string? text;
    readonly decimal number;
    public byte[]? Bytes { get; }
    public string? FileName { get; }

    FmValue(FmKind kind, string? text, decimal number, byte[]? bytes = null, string? fileName = null)
    {
        Kind = kind; this.text = text; this.number = number; Bytes = bytes; FileName = fileName;
    }

    public static readonly FmValue Empty = new(FmKind.Text, "", 0);
    public static readonly FmValue True = new(FmKind.Number, null, 1);
    public static readonly FmValue False = new(FmKind.Number, null, 0);
    /// <summary>What FileMaker shows for a calculation that cannot be evaluated (1/0, MBS without the
    /// plugin).</summary>
    public static readonly FmValue Question = new(FmKind.Text, "?", 0);

    public static FmValue Text(string s) => s.Length == 0 ? Empty : new(FmKind.Text, s, 0);
    public static FmValue Number(decimal d) => new(FmKind.Number, null, d);
    public static FmValue Bool(bool b) => b ? True : False;
    public static FmValue Date(decimal days) => new(FmKind.Date, null, decimal.Truncate(days));
    public static FmValue Time(decimal seconds) => new(FmKind.Time, null, seconds);
    public static FmValue Timestamp(decimal seconds) => new(FmKind.Timestamp, null, seconds);
    public static FmValue Container(byte[] bytes, string fileName) => new(FmKind.Container, null, 0, bytes, fileName);

    public bool IsText => Kind == FmKind.Text;
    public bool IsNumeric => Kind is FmKind.Number or FmKind.Date or FmKind.Time or FmKind.Timestamp;

    /// <summary>Empty text or an empty container; 0 is not empty.</summary>
    public bool IsEmpty => Kind switch
    {
        FmKind.Text => text!.Length == 0,
        FmKind.Container => Bytes is null || Bytes.Length == 0,
        _ => false,
    };

    /// <summary>GetAsText: numbers in FileMaker's unformatted form, dates and times in US form, a container's file
    /// name.</summary>
    public string AsText() => Kind switch
    {
        FmKind.Text => text!,
        FmKind.Number => FmNumber.Format(number),
        FmKind.Date => FmTime.FormatDate(number),
        FmKind.Time => FmTime.FormatTime(number),
        FmKind.Timestamp => FmTime.FormatTimestamp(number),
        FmKind.Container => FileName ?? "",
        _ => "",
    };

    /// <summary>GetAsNumber: null when there is no number (empty or text without digits).</summary>
    public decimal? AsNumber() => Kind switch
    {
        FmKind.Text => FmNumber.FromText(text!),
        FmKind.Container => null,
        _ => number,
    };

    /// <summary>The number for arithmetic: empty counts as 0.</summary>
    public decimal AsNumberOrZero() => AsNumber() ?? 0;

    /// <summary>FileMaker's truth: a non-zero number. Text without a number is false.</summary>
    public bool AsBool() => AsNumber() is { } d && d != 0;

    /// <summary>Raw number behind a date/time/timestamp (days or seconds).</summary>
    public decimal RawNumber => number;

    public override string ToString() => AsText();

    public byte[] AsBytes() => Bytes ?? Encoding.UTF8.GetBytes(AsText());
}
