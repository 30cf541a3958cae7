namespace PluginBridge.Engine.Curl;

/// <summary>The output, debug and header files of CURL.Create…File; closed by CURL.Release.</summary>
sealed partial class CurlHandle
{
    public CurlFiles Files { get; } = new();
}
