using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using PluginBridge.Engine.Core;

// pb_call's stack buffers are written before they are read: zeroing them is work on every call.
[module: SkipLocalsInit]

namespace PluginBridge.Native;

/// <summary>
/// The C exports declared in native/include/pluginbridge.h. Thin on purpose: marshal, call the engine, and catch
/// everything — an exception escaping an UnmanagedCallersOnly method would terminate the host.
/// </summary>
static unsafe class Exports
{
    static byte* versionText;
    static PbFunctionInfo[]? functionTable;
    static readonly object tableGate = new();
    static byte** errorTexts; // pb_errstr's texts by code, the last one for unknown codes; made once, never freed

    [UnmanagedCallersOnly(EntryPoint = "pb_init", CallConvs = [typeof(CallConvCdecl)])]
    static int Init(PbHost* host)
    {
        try
        {
            if (host == null) { Plugin.Init(null); return Pb.Ok; }
            if (host->StructSize < (uint)(sizeof(uint) * 2 + sizeof(nint))) return Pb.ErrArgument;
            if (host->AbiVersion == 0 || host->AbiVersion > Pb.AbiVersion) return Pb.ErrVersion;
            var copy = default(PbHost);
            // Copy only the fields the host's struct wholly has; fields it lacks stay NULL. Every field after the
            // first two is pointer-sized and pointer-aligned, so rounding down to a pointer size drops a callback
            // that struct_size cuts in half instead of calling half a pointer.
            var length = Math.Min(host->StructSize, (uint)sizeof(PbHost)) / (uint)sizeof(nint) * (uint)sizeof(nint);
            Buffer.MemoryCopy(host, &copy, sizeof(PbHost), length);
            Plugin.Init(new NativeHost(copy));
            return Pb.Ok;
        }
        catch { return Pb.ErrInternal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "pb_call", CallConvs = [typeof(CallConvCdecl)])]
    static PbResult* Call(byte* name, PbValue* args, nuint argCount)
    {
        // Every path goes through Plugin.Call, Plugin.CallOnBytes or Plugin.Refuse, which record IsError once.
        try
        {
            try { return Dispatch(name, args, argCount); }
            catch (Exception e) { return ResultMemory.Make(Plugin.Refuse("Internal error: " + e.Message)); }
        }
        catch (Exception e)
        {
            try { return ResultMemory.Make(Plugin.Refuse("Internal error: " + e.Message)); }
            catch { return null; }
        }
    }

    static PbResult* Dispatch(byte* namePointer, PbValue* args, nuint argCount)
    {
        if (namePointer == null) return ResultMemory.Make(Plugin.Refuse("Function name is NULL."));
        // Found from the UTF-8 bytes (ASCII names), else from the name decoded on the stack: no string per call.
        // Long or unknown names take the string path.
        var nameBytes = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(namePointer);
        var function = Plugin.Registry.Find(nameBytes);
        if (function is null)
        {
            Span<char> chars = stackalloc char[128];
            var status = Utf8.ToUtf16(nameBytes, chars, out _, out var written, replaceInvalidSequences: false);
            if (status == OperationStatus.InvalidData)
                return ResultMemory.Make(Plugin.Refuse("Function name is not valid UTF-8."));
            if (status == OperationStatus.Done) function = Plugin.Registry.Find(chars[..written]);
        }
        if (function?.OnBytes is not null)
        {
            var done = CallOnBytes(function, args, argCount);
            if (done != null) return done;
        }
        return ResultMemory.Make(CallWithValues(function, namePointer, args, argCount));
    }

    /// <summary>A function's bytes path, when every parameter is valid UTF-8 text or a number: the parameters stay
    /// where the caller has them and the result is written into its pb_result block. Null when the call must take
    /// the ordinary path (which also reports every error).</summary>
    static PbResult* CallOnBytes(FunctionInfo function, PbValue* args, nuint argCount)
    {
        const int most = 8;
        if (argCount > most || args == null && argCount > 0) return null;
        Span<Utf8Text> texts = stackalloc Utf8Text[most];
        for (var i = 0; i < (int)argCount; i++)
        {
            var a = args[i];
            if (a.Type is not (Pb.Text or Pb.Number) || a.Size > int.MaxValue || a.Data == null && a.Size > 0)
                return null;
            if (!Utf8.IsValid(new ReadOnlySpan<byte>(a.Data, (int)a.Size))) return null;
            texts[i] = new Utf8Text(a.Data, (int)a.Size);
        }
        var sink = ResultSink.ForThisThread;
        var length = Plugin.CallOnBytes(function, texts[..(int)argCount], sink);
        if (length >= 0) return sink.Finish(length);
        sink.Discard();
        return null;
    }

    static Value CallWithValues(FunctionInfo? function, byte* namePointer, PbValue* args, nuint argCount)
    {
        var name = function?.Name ?? Utf8Marshal.DecodeZ(namePointer);
        if (name is null) return Plugin.Refuse("Function name is not valid UTF-8.");
        var fn = MbsException.Echo(name); // for error texts; the call uses the whole name
        if (args == null && argCount > 0)
            return Plugin.Refuse($"Parameters of {fn} are NULL but the count is {argCount}.");
        if (argCount > 10_000) return Plugin.Refuse($"Too many parameters for {fn}: {argCount}.");
        var values = argCount == 0 ? [] : new Value[(int)argCount];
        for (var i = 0; i < values.Length; i++)
        {
            var a = args[i];
            if (a.Data == null && a.Size > 0)
                return Plugin.Refuse($"Parameter {i + 1} of {fn} has size {a.Size} but no data.");
            if (a.Size > int.MaxValue)
                return Plugin.Refuse($"Parameter {i + 1} of {fn} is too large: {a.Size} bytes (at most 2147483647).");
            if (a.Type == (int)Engine.Core.ValueType.Container)
            {
                var bytes = new ReadOnlySpan<byte>(a.Data, checked((int)a.Size)).ToArray();
                var file = a.FileName == null ? "" : Utf8Marshal.DecodeZ(a.FileName);
                if (file is null) return Plugin.Refuse($"File name of parameter {i + 1} of {fn} is not valid UTF-8.");
                values[i] = Value.Arg(Engine.Core.ValueType.Container, "", bytes, file);
                continue;
            }
            if (a.Type is not ((int)Engine.Core.ValueType.Text or (int)Engine.Core.ValueType.Number))
                return Plugin.Refuse($"Parameter {i + 1} of {fn} has unknown type {a.Type}.");
            var text = Utf8Marshal.Decode(a.Data, a.Size);
            if (text is null) return Plugin.Refuse($"Parameter {i + 1} of {fn} is not valid UTF-8.");
            values[i] = Value.Arg((Engine.Core.ValueType)a.Type, text, null, null);
        }
        return function is null ? Plugin.Call(name, values) : Plugin.Call(function, values);
    }

    [UnmanagedCallersOnly(EntryPoint = "pb_result_free", CallConvs = [typeof(CallConvCdecl)])]
    static void ResultFree(PbResult* result)
    {
        try { ResultMemory.Free(result); } catch { /* nothing sensible to report */ }
    }

    [UnmanagedCallersOnly(EntryPoint = "pb_idle", CallConvs = [typeof(CallConvCdecl)])]
    static int Idle()
    {
        try { return Plugin.Idle(); }
        catch { return -1; }
    }

    [UnmanagedCallersOnly(EntryPoint = "pb_shutdown", CallConvs = [typeof(CallConvCdecl)])]
    static void Shutdown()
    {
        try { Plugin.Shutdown(); } catch { /* shutdown must not fail the host */ }
    }

    [UnmanagedCallersOnly(EntryPoint = "pb_version", CallConvs = [typeof(CallConvCdecl)])]
    static byte* Version()
    {
        try
        {
            if (versionText == null)
                lock (tableGate)
                    if (versionText == null)
                        versionText = Utf8Marshal.Permanent($"PluginBridge {Plugin.Version} (ABI {Pb.AbiVersion})");
            return versionText;
        }
        catch { return null; }
    }

    [UnmanagedCallersOnly(EntryPoint = "pb_abi_version", CallConvs = [typeof(CallConvCdecl)])]
    static uint AbiVersion() => Pb.AbiVersion;

    [UnmanagedCallersOnly(EntryPoint = "pb_function_count", CallConvs = [typeof(CallConvCdecl)])]
    static int FunctionCount()
    {
        try { return Functions().Length; }
        catch { return 0; }
    }

    [UnmanagedCallersOnly(EntryPoint = "pb_function_at", CallConvs = [typeof(CallConvCdecl)])]
    static int FunctionAt(int index, PbFunctionInfo* info)
    {
        try
        {
            var table = Functions();
            // A caller compiled against a later header passes a larger struct: fill the fields we know, leave the
            // rest as the caller set them, and say in struct_size how much we filled.
            if (info == null || info->StructSize < Pb.FunctionInfoSizeAbi1 || index < 0 || index >= table.Length)
                return Pb.ErrArgument;
            var filled = Math.Min(info->StructSize, (uint)sizeof(PbFunctionInfo));
            var entry = table[index];
            Buffer.MemoryCopy(&entry, info, filled, filled);
            info->StructSize = filled;
            return Pb.Ok;
        }
        catch { return Pb.ErrInternal; }
    }

    [UnmanagedCallersOnly(EntryPoint = "pb_errstr", CallConvs = [typeof(CallConvCdecl)])]
    static byte* ErrorText(int code)
    {
        try
        {
            const int unknown = Pb.ErrInternal + 1;
            if (errorTexts == null)
                lock (tableGate)
                    if (errorTexts == null)
                    {
                        var texts = (byte**)NativeMemory.Alloc(unknown + 1, (nuint)sizeof(byte*));
                        for (var i = 0; i <= unknown; i++) texts[i] = Utf8Marshal.Permanent(Pb.ErrorText(i));
                        errorTexts = texts;
                    }
            return errorTexts[code is >= Pb.Ok and < unknown ? code : unknown];
        }
        catch { return null; }
    }

    // Built once: the strings live as long as the process, as the header promises.
    static PbFunctionInfo[] Functions()
    {
        if (functionTable is not null) return functionTable;
        lock (tableGate)
        {
            return functionTable ??= Plugin.Registry.Functions.Select(f => new PbFunctionInfo
            {
                StructSize = (uint)sizeof(PbFunctionInfo),
                Name = Utf8Marshal.Permanent(f.Name),
                MinArgs = f.MinArgs,
                MaxArgs = f.MaxArgs,
                Signature = Utf8Marshal.Permanent(f.Signature),
                Doc = Utf8Marshal.Permanent(f.Doc),
            }).ToArray();
        }
    }
}
