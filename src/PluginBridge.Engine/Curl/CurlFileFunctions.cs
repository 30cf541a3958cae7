using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.Curl;

/// <summary>CURL's files: the download written to a file, copies of the debug text and headers, an upload read
/// from a file. Paths are native paths (Path.FileMakerPathToNativePath converts FileMaker ones).</summary>
static partial class CurlFunctions
{
    static void RegisterFiles(Registry r)
    {
        r.Add("CURL.CreateOutputFile", "curl; Path", a => CreateFile(a, CurlFiles.Kind.Output));
        r.Add("CURL.CloseOutputFile", "curl", a => CloseFile(a, CurlFiles.Kind.Output));
        r.Add("CURL.CreateDebugOutputFile", "curl; Path", a => CreateFile(a, CurlFiles.Kind.Debug));
        r.Add("CURL.CloseDebugFile", "curl", a => CloseFile(a, CurlFiles.Kind.Debug));
        r.Add("CURL.CreateHeaderOutputFile", "curl; Path", a => CreateFile(a, CurlFiles.Kind.Header));
        r.Add("CURL.CloseHeaderFile", "curl", a => CloseFile(a, CurlFiles.Kind.Header));
        r.Add("CURL.SetOptionFileOnlyMode", "curl; Value", a => Set(a, o => o.FileOnlyMode = a.Bool(1)));
        r.Add("CURL.OpenInputFile", "curl; Path { ; Offset; Length }", OpenInputFile);
        r.Add("CURL.CloseInputFile", "curl", CloseInputFile);
    }

    static CurlHandle Idle(Args a)
    {
        var h = Handles.Get(a, 0);
        if (h.IsRunning)
            throw new MbsException("A transfer runs on this CURL handle. Call this when CURL.IsRunning returns 0.");
        return h;
    }

    static Value CreateFile(Args a, CurlFiles.Kind kind)
    {
        var h = Idle(a);
        h.Files.Create(kind, a.Text(1));
        if (kind == CurlFiles.Kind.Output) h.Set(o => o.FileOnlyMode = true); // MBS 9.3 and later
        return Value.Ok;
    }

    static Value CloseFile(Args a, CurlFiles.Kind kind)
    {
        Idle(a).Files.Close(kind);
        return Value.Ok;
    }

    static Value OpenInputFile(Args a)
    {
        var h = Idle(a);
        var path = a.Text(1);
        byte[] data;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var offset = a.Long(2, 0, file.Length, 0);
            var length = a.Long(3, 0, file.Length - offset, file.Length - offset);
            data = new byte[length];
            file.Position = offset;
            file.ReadExactly(data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new MbsException($"Failed to open file \"{path}\": {e.Message}");
        }
        h.Set(o => { o.InputData = data; o.InputFile = path; });
        return Value.Ok;
    }

    static Value CloseInputFile(Args a)
    {
        Idle(a).Set(o =>
        {
            if (o.InputFile.Length == 0) return;
            o.InputFile = "";
            o.InputData = null;
        });
        return Value.Ok;
    }
}
