using System.Net.Security;

namespace PluginBridge.Engine.WebHook;

/// <summary>A hook's settings as they were when a connection arrived: later changes apply to later
/// connections.</summary>
readonly record struct ConnectionSettings(int Mode, int TimeoutSeconds, int MaxRequestBytes,
    SslStreamCertificateContext? Certificate, Action<string>? Fault = null)
{
    /// <summary>Mode bit 2: raw (non-HTTP) data.</summary>
    public bool Raw => (Mode & 2) != 0;

    /// <summary>Mode bit 1: the connection stays open for WebRequest.Send.</summary>
    public bool KeepOpen => (Mode & 1) != 0;

    /// <summary>The request head (and TLS handshake) must arrive within this, counted from the connection's
    /// start.</summary>
    public long HeadMilliseconds => Math.Min(TimeoutSeconds, WebHookLimits.HeadDeadlineSeconds) * 1000L;

    /// <summary>A fault-injection point for tests (Hook.InjectFault); nothing happens unless a test set one.</summary>
    public void FaultPoint(string point) => Fault?.Invoke(point);
}
