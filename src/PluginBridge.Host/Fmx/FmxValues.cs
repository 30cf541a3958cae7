using System.Text;
using PluginBridge.Host.Calc;

namespace PluginBridge.Host.Fmx;

/// <summary>
/// Host values to FileMaker Data and back, through FM_* calls: text as UTF-16, numbers and dates as their text with
/// the native type set, containers as BinaryData built the way FileMaker inserts a file (FNAM, main stream, SIZE).
/// </summary>
sealed unsafe class FmxValues(FmWrapper fm, nint locale)
{
    const int Text = 1, Number = 2, Date = 3, Time = 4, Timestamp = 5, Binary = 6, Boolean = 7;

    /// <summary>A new Data holding value; the caller deletes it with FM_Data_Delete.</summary>
    public nint NewData(FmValue value)
    {
        var x = FmxCpt.New();
        var data = fm.DataNew(&x);
        FmWrapper.Check(x, "FM_Data_Constructor1");
        try { Fill(data, value); return data; }
        catch { fm.DataDelete(data, &x); throw; }
    }

    /// <summary>Stores value in an existing Data (a result, or a new parameter).</summary>
    public void Fill(nint data, FmValue value)
    {
        var x = FmxCpt.New();
        if (value.Kind == FmKind.Container)
        {
            var bytes = value.Bytes ?? [];
            if (bytes.Length == 0) { fm.DataClear(data, Binary, &x); FmWrapper.Check(x, "FM_Data_Clear"); return; }
            var name = NewText(value.FileName ?? "");
            nint bin;
            fixed (byte* b = bytes) bin = fm.BinaryFromFile(name, (uint)bytes.Length, b, &x);
            DeleteText(name);
            FmWrapper.Check(x, "FM_BinaryData_Constructor3");
            fm.DataSetBinary(data, bin, 1, &x);
            var set = x;
            fm.BinaryDelete(bin, &x);
            FmWrapper.Check(set, "FM_Data_SetBinaryData");
            return;
        }
        var type = value.Kind switch
        {
            FmKind.Number => Number, FmKind.Date => Date, FmKind.Time => Time, FmKind.Timestamp => Timestamp, _ => Text,
        };
        var text = NewText(value.AsText());
        var rc = fm.DataSetAsText(data, text, locale, type, &x);
        DeleteText(text);
        FmWrapper.Check(x, "FM_Data_SetAsText");
        if (rc != 0) throw new FmxException($"FM_Data_SetAsText returned error {rc}.");
    }

    /// <summary>The host value of a Data: by its native type.</summary>
    public FmValue Read(nint data)
    {
        var x = FmxCpt.New();
        var type = fm.DataNativeType(data, &x);
        FmWrapper.Check(x, "FM_Data_GetNativeType");
        if (type == Binary) return ReadContainer(fm.DataGetBinary(data, &x));
        var text = ReadText(fm.DataGetAsText(data, &x));
        FmWrapper.Check(x, "FM_Data_GetAsText");
        if (type is Number or Boolean && FmNumber.FromText(text) is { } d) return FmValue.Number(d);
        return FmValue.Text(text);
    }

    /// <summary>A container: FNAM as its file name, and the main stream (FILE, else an image, else the first data
    /// stream).</summary>
    FmValue ReadContainer(nint bin)
    {
        var x = FmxCpt.New();
        var count = fm.BinaryCount(bin, &x);
        FmWrapper.Check(x, "FM_BinaryData_GetCount");
        if (count == 0) return FmValue.Empty;
        var types = new string[count];
        var quad = fm.QuadNew(&x);
        try
        {
            for (var i = 0; i < count; i++)
            {
                fm.BinaryType(bin, i, quad, &x);
                var mac = fm.QuadMacType(quad, &x);
                FmWrapper.Check(x, "FM_BinaryData_GetType");
                types[i] = Encoding.Latin1.GetString([(byte)(mac >> 24), (byte)(mac >> 16), (byte)(mac >> 8),
                                                      (byte)mac]);
            }
        }
        finally { fm.QuadDelete(quad, &x); }
        var main = Array.IndexOf(types, "FILE");
        foreach (var image in (string[])["PNGf", "JPEG", "GIFf"]) if (main < 0) main = Array.IndexOf(types, image);
        if (main < 0) main = Array.FindIndex(types, t => t is not ("FNAM" or "SIZE" or "MAIN"));
        var bytes = main < 0 ? [] : new byte[fm.BinarySize(bin, main, &x)];
        if (bytes.Length > 0)
            fixed (byte* b = bytes)
                if (fm.BinaryData(bin, main, 0, (uint)bytes.Length, b, &x) != 0)
                    throw new FmxException("FM_BinaryData_GetData refused the main stream.");
        var name = NewText("");
        try { return FmValue.Container(bytes, fm.BinaryFileName(bin, name, &x) == 0 ? ReadText(name) : ""); }
        finally { DeleteText(name); }
    }

    public nint NewText(string s)
    {
        var x = FmxCpt.New();
        var text = fm.TextNew(&x);
        FmWrapper.Check(x, "FM_Text_Constructor1");
        fixed (char* p = s) fm.TextAssign(text, p, (uint)s.Length, &x);
        if (x.Code != 0) { DeleteText(text); FmWrapper.Check(x, "FM_Text_AssignUnicodeWithLength"); }
        return text;
    }

    public void DeleteText(nint text)
    {
        var x = FmxCpt.New();
        fm.TextDelete(text, &x);
    }

    public string ReadText(nint text)
    {
        var x = FmxCpt.New();
        var size = fm.TextSize(text, &x);
        FmWrapper.Check(x, "FM_Text_GetSize");
        if (size == 0) return "";
        var chars = new char[size];
        fixed (char* p = chars) fm.TextGet(text, p, 0, size, &x);
        FmWrapper.Check(x, "FM_Text_GetUnicode");
        return new string(chars);
    }
}
