using System.Globalization;
using System.Text;

namespace PluginBridge.Engine.Core;

/// <summary>What a function receives or returns: text, a number (carried as text) or a container.</summary>
public enum ValueType { Text = 0, Number = 1, Container = 2 }

/// <summary>
/// One MBS value. Text and numbers are strings; containers are bytes plus a file name.
/// A result with <see cref="IsError"/> set carries the "[MBS] ..." text.
/// </summary>
public sealed class Value
{
    public ValueType Type { get; }
    public string Text { get; }
    public byte[]? Bytes { get; }
    public string? FileName { get; }
    public bool IsError { get; }

    Value(ValueType type, string text, byte[]? bytes, string? fileName, bool isError)
    {
        Type = type; Text = text; Bytes = bytes; FileName = fileName; IsError = isError;
    }

    /// <summary>The success text of setters. MBS lets scripts change it with Plugin.SetSuccessReturn.</summary>
    public static Value Ok => new(ValueType.Text, SuccessText, null, null, false);

    /// <summary>Process-wide, as MBS's setting is.</summary>
    public static string SuccessText { get => successText; set => successText = value; }
    static volatile string successText = "OK";
    public static readonly Value Empty = new(ValueType.Text, "", null, null, false);

    public static Value FromText(string text) => new(ValueType.Text, text, null, null, false);
    public static Value FromNumber(long n) =>
        new(ValueType.Number, n.ToString(CultureInfo.InvariantCulture), null, null, false);
    public static Value FromNumber(double d) => new(ValueType.Number, FormatNumber(d), null, null, false);
    public static Value FromBool(bool b) => b ? True : False;
    static readonly Value True = FromNumber(1), False = FromNumber(0); // values never change: shared
    public static Value FromContainer(byte[] bytes, string fileName) =>
        new(ValueType.Container, "", bytes, fileName, false);

    /// <summary>An error result: the text always starts with "[MBS] ".</summary>
    public static Value Error(string message) =>
        new(ValueType.Text, message.StartsWith("[MBS] ", StringComparison.Ordinal) ? message : "[MBS] " + message,
            null, null, true);

    /// <summary>An error result whose text is used as is (CURL.Perform's "7: Failed to connect ..." form).</summary>
    public static Value RawError(string text) => new(ValueType.Text, text, null, null, true);

    /// <summary>The value as text; a container gives its file name, as FileMaker's GetAsText does.</summary>
    public string AsText() => Type == ValueType.Container ? FileName ?? "" : Text;

    /// <summary>The value's bytes: container bytes, or the UTF-8 of its text.</summary>
    public byte[] AsBytes() => Bytes ?? Encoding.UTF8.GetBytes(Text);

    public override string ToString() => AsText();

    static string FormatNumber(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d)) return "?";
        if (d == Math.Floor(d) && Math.Abs(d) < 1e15) return ((long)d).ToString(CultureInfo.InvariantCulture);
        return d.ToString("0.###############", CultureInfo.InvariantCulture);
    }

    /// <summary>Arguments as the C ABI hands them in.</summary>
    public static Value Arg(ValueType type, string text, byte[]? bytes, string? fileName) =>
        new(type, text, bytes, fileName, false);
}
