using System.Globalization;
using PluginBridge.Engine.Core;
using ValueType = PluginBridge.Engine.Core.ValueType;

namespace PluginBridge.Native.Fmx;

/// <summary>FileMaker Data to engine values (parameters) and back (results).</summary>
static unsafe class FmxValues
{
    // Data::DataType
    public const int DTText = 1, DTNumber = 2, DTBinary = 6;
    const int LocaleSystem = 1;

    /// <summary>A parameter: numbers as numbers, containers as bytes plus file name, everything else as its
    /// text.</summary>
    public static Value Read(void* data)
    {
        switch (Fm.DataType(data))
        {
            case DTNumber:
                return Value.Arg(ValueType.Number, FormatNumber(Fm.FixAsFloat(Fm.DataNumber(data))), null, null);
            case DTBinary:
                var (bytes, name) = FmxContainers.Read(Fm.DataBinary(data));
                return Value.Arg(ValueType.Container, "", bytes, name);
            default:
                return Value.Arg(ValueType.Text, FmxText.Read(Fm.DataText(data)), null, null);
        }
    }

    /// <summary>The text of a parameter whatever its type (the function name).</summary>
    public static string ReadText(void* data) => FmxText.Read(Fm.DataText(data));

    /// <summary>Sets result as MBS does: numbers as FileMaker numbers, containers as binary data, text as
    /// text.</summary>
    public static void Write(void* result, Value value)
    {
        if (value.Type == ValueType.Container && value.Bytes is not null)
            FmxContainers.Write(result, value.Bytes, value.FileName ?? "");
        else if (value.Type == ValueType.Number && !value.IsError && TryWriteNumber(result, value.Text)) { }
        else WriteText(result, value.AsText());
    }

    public static void WriteText(void* data, string text)
    {
        void* t = null, locale = null;
        try
        {
            t = FmxText.New(text);
            locale = Fm.LocaleNew(LocaleSystem);
            var e = Fm.DataSetText(data, t, locale, DTText);
            if (e != 0) throw new InvalidOperationException($"FM_Data_SetAsText returned {e}");
        }
        finally
        {
            FmxText.Delete(t);
            if (locale != null) Fm.LocaleDelete(locale);
        }
    }

    static bool TryWriteNumber(void* data, string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
            return false;
        var isLong = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n);
        var fix = Fm.FixNew(isLong && n is >= int.MinValue and <= int.MaxValue ? (int)n : 0);
        try
        {
            if (isLong && n is < int.MinValue or > int.MaxValue)
            {
                if (Fm.HasAssignInt64) Fm.FixAssignInt64(fix, n); else Fm.FixAssignDouble(fix, d);
            }
            else if (!isLong) Fm.FixAssignDouble(fix, d);
            Fm.DataSetNumber(data, fix, DTNumber);
            return true;
        }
        finally { Fm.FixDelete(fix); }
    }

    /// <summary>Integers without a decimal point (handles, counts), other numbers in their shortest exact
    /// form.</summary>
    public static string FormatNumber(double d)
    {
        if (!double.IsFinite(d)) return "?";
        if (d == Math.Floor(d) && Math.Abs(d) < 1e15) return ((long)d).ToString(CultureInfo.InvariantCulture);
        return d.ToString("R", CultureInfo.InvariantCulture);
    }
}
