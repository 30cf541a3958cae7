namespace PluginBridge.Native.Fmx;

/// <summary>
/// The FM_* functions this plug-in calls, with their C signatures (self pointer first, _fmxcpt* last). Each wrapper
/// passes a fresh _fmxcpt and throws <see cref="FmxException"/> when the host reports a failure in it. Pointers the
/// host returns from Get*/At are borrowed; objects made with *_Constructor* belong to us and go back through *_Delete.
/// </summary>
static unsafe class Fm
{
    static FmSlot S(string name, bool required = true)
    {
        var s = new FmSlot(name, required);
        all.Add(s);
        return s;
    }
    static readonly List<FmSlot> all = [];
    public static IReadOnlyList<FmSlot> Slots => all;

    static readonly FmSlot textNew = S("FM_Text_Constructor1"), textDelete = S("FM_Text_Delete"),
        textAssign = S("FM_Text_AssignUnicodeWithLength"), textSize = S("FM_Text_GetSize"),
        textGet = S("FM_Text_GetUnicode");
    static readonly FmSlot fixNew = S("FM_FixPt_Constructor1"), fixDelete = S("FM_FixPt_Delete"),
        fixAssignDouble = S("FM_FixPt_AssignDouble"), fixAssignInt64 = S("FM_FixPt_AssignInt64", required: false),
        fixAsFloat = S("FM_FixPt_AsFloat");
    static readonly FmSlot dataNew = S("FM_Data_Constructor1"), dataDelete = S("FM_Data_Delete"),
        dataType = S("FM_Data_GetNativeType"), dataText = S("FM_Data_GetAsText"), dataNumber = S("FM_Data_GetAsNumber"),
        dataBinary = S("FM_Data_GetBinaryData"), dataSetText = S("FM_Data_SetAsText"),
        dataSetNumber = S("FM_Data_SetAsNumber"), dataSetBinary = S("FM_Data_SetBinaryData");
    static readonly FmSlot vectSize = S("FM_DataVect_Size"), vectAt = S("FM_DataVect_At");
    static readonly FmSlot binNew = S("FM_BinaryData_Constructor1"), binDelete = S("FM_BinaryData_Delete"),
        binCount = S("FM_BinaryData_GetCount"), binType = S("FM_BinaryData_GetType"),
        binSize = S("FM_BinaryData_GetSize"), binGet = S("FM_BinaryData_GetData"), binAdd = S("FM_BinaryData_Add"),
        binGetName = S("FM_BinaryData_GetFNAMData"),
        binAddName = S("FM_BinaryData_AddFNAMData"), binAddSize = S("FM_BinaryData_AddSIZEData", required: false);
    static readonly FmSlot quadNew = S("FM_QuadChar_Constructor1"), quadNew4 = S("FM_QuadChar_Constructor2"),
        quadDelete = S("FM_QuadChar_Delete"), quadAt = S("FM_QuadChar_operatorCAR");
    static readonly FmSlot localeNew = S("FM_Locale_Constructor1"), localeDelete = S("FM_Locale_Delete");
    public static readonly FmSlot RegisterEx = S("FM_ExprEnv_RegisterExternalFunctionEx", required: false),
        Register = S("FM_ExprEnv_RegisterExternalFunction", required: false);
    static readonly FmSlot unregister = S("FM_ExprEnv_UnRegisterExternalFunction");
    static readonly FmSlot evaluate = S("FM_ExprEnv_Evaluate", required: false),
        envNew = S("FM_ExprEnv_Constructor1", required: false), envDelete = S("FM_ExprEnv_Delete", required: false);
    public static bool HasEvaluate => evaluate.Address != 0;
    /// <summary>Not a FileMaker function: PluginBridge's own host exports it for its web viewer (pluginbridge.h's
    /// web_viewer); FileMaker gives plug-ins no web viewer call, so there it is absent.</summary>
    static readonly FmSlot webViewer = S("fmw_web_viewer", required: false);

    static void Check(in Fmxcpt x, FmSlot slot)
    {
        if (x.Code != 0) throw new FmxException(slot.Name, x.Code);
    }

    static void* New(void* p, in Fmxcpt x, FmSlot slot)
    {
        Check(x, slot);
        return p != null ? p : throw new FmxException(slot.Name, 1);
    }

    // ---- Text ----
    public static void* TextNew()
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<Fmxcpt*, void*>)textNew.Address;
        var p = call(&x);
        return New(p, x, textNew);
    }

    public static void TextDelete(void* t)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, Fmxcpt*, void>)textDelete.Address;
        call(t, &x);
        Check(x, textDelete);
    }

    public static void TextAssign(void* t, char* s, uint length)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, char*, uint, Fmxcpt*, void>)textAssign.Address;
        call(t, s, length, &x);
        Check(x, textAssign);
    }

    public static uint TextSize(void* t)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, Fmxcpt*, uint>)textSize.Address;
        var n = call(t, &x);
        Check(x, textSize);
        return n;
    }

    public static void TextGet(void* t, char* s, uint position, uint size)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, char*, uint, uint, Fmxcpt*, void>)textGet.Address;
        call(t, s, position, size, &x);
        Check(x, textGet);
    }

    // ---- FixPt (precision 16 = FileMaker's default) ----
    public static void* FixNew(int value)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<int, int, Fmxcpt*, void*>)fixNew.Address;
        var p = call(value, 16, &x);
        return New(p, x, fixNew);
    }

    public static void FixDelete(void* f)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, Fmxcpt*, void>)fixDelete.Address;
        call(f, &x);
        Check(x, fixDelete);
    }

    public static void FixAssignDouble(void* f, double d)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, double, Fmxcpt*, void>)fixAssignDouble.Address;
        call(f, d, &x);
        Check(x, fixAssignDouble);
    }

    public static bool HasAssignInt64 => fixAssignInt64.Address != 0;
    public static void FixAssignInt64(void* f, long v)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, long, Fmxcpt*, void>)fixAssignInt64.Address;
        call(f, v, &x);
        Check(x, fixAssignInt64);
    }

    public static double FixAsFloat(void* f)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, Fmxcpt*, double>)fixAsFloat.Address;
        var d = call(f, &x);
        Check(x, fixAsFloat);
        return d;
    }

    // ---- Data ----
    public static void* DataNew()
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<Fmxcpt*, void*>)dataNew.Address;
        var p = call(&x);
        return New(p, x, dataNew);
    }

    public static void DataDelete(void* d)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, Fmxcpt*, void>)dataDelete.Address;
        call(d, &x);
        Check(x, dataDelete);
    }

    public static int DataType(void* d)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, Fmxcpt*, int>)dataType.Address;
        var t = call(d, &x);
        Check(x, dataType);
        return t;
    }

    public static void* DataText(void* d)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, Fmxcpt*, void*>)dataText.Address;
        var p = call(d, &x);
        return New(p, x, dataText);
    }

    public static void* DataNumber(void* d)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, Fmxcpt*, void*>)dataNumber.Address;
        var p = call(d, &x);
        return New(p, x, dataNumber);
    }

    public static void* DataBinary(void* d)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, Fmxcpt*, void*>)dataBinary.Address;
        var p = call(d, &x);
        return New(p, x, dataBinary);
    }

    public static short DataSetText(void* d, void* text, void* locale, int nativeType)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, void*, void*, int, Fmxcpt*, short>)dataSetText.Address;
        var e = call(d, text, locale, nativeType, &x);
        Check(x, dataSetText);
        return e;
    }

    public static void DataSetNumber(void* d, void* number, int nativeType)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, void*, int, Fmxcpt*, void>)dataSetNumber.Address;
        call(d, number, nativeType, &x);
        Check(x, dataSetNumber);
    }

    public static void DataSetBinary(void* d, void* binary)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, void*, byte, Fmxcpt*, void>)dataSetBinary.Address;
        call(d, binary, 1, &x);
        Check(x, dataSetBinary);
    }

    // ---- DataVect ----
    public static uint VectSize(void* v)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, Fmxcpt*, uint>)vectSize.Address;
        var n = call(v, &x);
        Check(x, vectSize);
        return n;
    }

    public static void* VectAt(void* v, uint i)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, uint, Fmxcpt*, void*>)vectAt.Address;
        var p = call(v, i, &x);
        return New(p, x, vectAt);
    }

    // ---- BinaryData ----
    public static void* BinNew()
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<Fmxcpt*, void*>)binNew.Address;
        var p = call(&x);
        return New(p, x, binNew);
    }

    public static void BinDelete(void* b)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, Fmxcpt*, void>)binDelete.Address;
        call(b, &x);
        Check(x, binDelete);
    }

    public static int BinCount(void* b)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, Fmxcpt*, int>)binCount.Address;
        var n = call(b, &x);
        Check(x, binCount);
        return n;
    }

    public static void BinType(void* b, int index, void* quad)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, int, void*, Fmxcpt*, void>)binType.Address;
        call(b, index, quad, &x);
        Check(x, binType);
    }

    public static uint BinSize(void* b, int index)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, int, Fmxcpt*, uint>)binSize.Address;
        var n = call(b, index, &x);
        Check(x, binSize);
        return n;
    }

    public static short BinGet(void* b, int index, uint offset, uint amount, byte* buffer)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, int, uint, uint, byte*, Fmxcpt*, short>)binGet.Address;
        var e = call(b, index, offset, amount, buffer, &x);
        Check(x, binGet);
        return e;
    }

    public static short BinAdd(void* b, void* quad, uint amount, byte* buffer)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, void*, uint, byte*, Fmxcpt*, short>)binAdd.Address;
        var e = call(b, quad, amount, buffer, &x);
        Check(x, binAdd);
        return e;
    }

    public static short BinGetName(void* b, void* text)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, void*, Fmxcpt*, short>)binGetName.Address;
        var e = call(b, text, &x);
        Check(x, binGetName);
        return e;
    }

    public static short BinAddName(void* b, void* text)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, void*, Fmxcpt*, short>)binAddName.Address;
        var e = call(b, text, &x);
        Check(x, binAddName);
        return e;
    }

    public static bool HasAddSize => binAddSize.Address != 0;
    public static short BinAddSize(void* b, short width, short height)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, short, short, Fmxcpt*, short>)binAddSize.Address;
        var e = call(b, width, height, &x);
        Check(x, binAddSize);
        return e;
    }

    // ---- QuadChar, Locale ----
    public static void* QuadNew()
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<Fmxcpt*, void*>)quadNew.Address;
        var p = call(&x);
        return New(p, x, quadNew);
    }

    public static void* QuadNew(string four)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<byte, byte, byte, byte, Fmxcpt*, void*>)quadNew4.Address;
        var p = call((byte)four[0], (byte)four[1], (byte)four[2], (byte)four[3], &x);
        return New(p, x, quadNew4);
    }

    public static void QuadDelete(void* q)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, Fmxcpt*, void>)quadDelete.Address;
        call(q, &x);
        Check(x, quadDelete);
    }

    public static byte QuadAt(void* q, int i)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, int, Fmxcpt*, byte>)quadAt.Address;
        var c = call(q, i, &x);
        Check(x, quadAt);
        return c;
    }

    public static void* LocaleNew(int type)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<int, Fmxcpt*, void*>)localeNew.Address;
        var p = call(type, &x);
        return New(p, x, localeNew);
    }

    public static void LocaleDelete(void* l)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, Fmxcpt*, void>)localeDelete.Address;
        call(l, &x);
        Check(x, localeDelete);
    }

    // ---- ExprEnv registration ----
    public static short RegisterFunction(void* plugin, short id, void* name, void* prototype, void* description,
        short min, short max, uint flags, delegate* unmanaged<short, void*, void*, void*, short> fn)
    {
        var x = Fmxcpt.New();
        short e;
        if (RegisterEx.Address != 0)
        {
            var call = (delegate* unmanaged<void*, short, void*, void*, void*, short, short, uint, void*, Fmxcpt*,
                short>)RegisterEx.Address;
            e = call(plugin, id, name, prototype, description, min, max, flags, fn, &x);
            Check(x, RegisterEx);
        }
        else
        {
            var call = (delegate* unmanaged<void*, short, void*, void*, short, short, uint, void*, Fmxcpt*, short>)
                Register.Address;
            e = call(plugin, id, name, prototype, min, max, flags, fn, &x);
            Check(x, Register);
        }
        return e;
    }

    /// <summary>fmw_web_viewer(viewer, action, value), UTF-8; -1 where the host has no such function.</summary>
    public static int WebViewer(byte* viewer, byte* action, byte* value)
    {
        if (webViewer.Address == 0) return -1;
        return ((delegate* unmanaged<byte*, byte*, byte*, int>)webViewer.Address)(viewer, action, value);
    }

    /// <summary>ExprEnv::Evaluate(expression, result): FileMaker's errcode (0 = evaluated); -1 where the host
    /// lacks the function.</summary>
    public static short Evaluate(void* env, void* expression, void* result)
    {
        if (evaluate.Address == 0) return -1;
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, void*, void*, Fmxcpt*, short>)evaluate.Address;
        var e = call(env, expression, result, &x);
        Check(x, evaluate);
        return e;
    }

    /// <summary>A new ExprEnv of our own (FileMaker evaluates in it as in the frontmost file), for evaluations at
    /// Idle; null where the host lacks the functions. The caller deletes it with <see cref="EnvDelete"/>.</summary>
    public static void* EnvNew()
    {
        if (envNew.Address == 0 || envDelete.Address == 0) return null;
        var x = Fmxcpt.New();
        var p = ((delegate* unmanaged<Fmxcpt*, void*>)envNew.Address)(&x);
        return New(p, x, envNew);
    }

    public static void EnvDelete(void* env)
    {
        var x = Fmxcpt.New();
        ((delegate* unmanaged<void*, Fmxcpt*, void>)envDelete.Address)(env, &x);
        Check(x, envDelete);
    }

    public static short UnregisterFunction(void* plugin, short id)
    {
        var x = Fmxcpt.New();
        var call = (delegate* unmanaged<void*, short, Fmxcpt*, short>)unregister.Address;
        var e = call(plugin, id, &x);
        Check(x, unregister);
        return e;
    }
}
