using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.WebHook;

/// <summary>WebHook.*: a small HTTP (or raw TCP) listener whose requests become WebRequest objects for scripts.</summary>
static class WebHookFunctions
{
    internal static readonly HandleTable<Hook> Table = new("WebHook", 30000);

    public static void Register(Registry r)
    {
        r.AddTable(Table);
        r.AddActivity(() => Table.Snapshot().Count(p => p.Value.IsListening)); // listening hooks keep the host idling

        r.Add("WebHook.Create", "", "Creates a WebHook (auto-answer on, mode 0); returns its reference number.", Create);
        r.Add("WebHook.Listen", "WebHook; Port { ; QueueLength; Interface }", "Starts listening. Port 1024-65535, or 0 for any free port (see GetPort). QueueLength 2-100, default 10. Interface (our extension): loopback (default: 127.0.0.1 and ::1), any, or an IP address.", Listen);
        r.Add("WebHook.SetScript", "WebHook; FileName; ScriptName", "Script started (parameter: the WebRequest reference) for every complete request; empty ScriptName stops it.", SetScript);
        r.Add("WebHook.GetFileName", "WebHook", "The file name given to WebHook.SetScript.", a => Value.FromText(Get(a).Script?.FileName ?? ""));
        r.Add("WebHook.GetScriptName", "WebHook", "The script name given to WebHook.SetScript.", a => Value.FromText(Get(a).Script?.ScriptName ?? ""));
        r.Add("WebHook.SetAutoAnswer", "WebHook; Text { ; Encoding }", "Raw bytes sent to every request (a whole HTTP response with CRLF line ends); empty turns the auto-answer off. Encoding default UTF-8.", SetAutoAnswer);
        r.Add("WebHook.GetAutoAnswer", "WebHook", "The auto-answer as text; default HTTP/1.1 200 OK with Server: MBS Plugin, Connection: close, Content-Length: 0.", a => Value.FromText(Encodings.Utf8.GetString(Get(a).AutoAnswer)));
        r.Add("WebHook.SetMode", "WebHook; Mode", "Bit flags: 1 keeps the connection open for WebRequest.Send, 2 takes raw (non-HTTP) data; 3 both.", SetMode);
        r.Add("WebHook.GetMode", "WebHook", "The mode (0-3).", a => Value.FromNumber(Get(a).Mode));
        r.Add("WebHook.SetSSL", "WebHook; CertificateFile; PrivateKeyFile { ; Password }", "Serves HTTPS (TLS 1.2+) with a PEM certificate (chain may follow) and PEM private key; Password for an encrypted key.", SetSsl);
        r.Add("WebHook.GetSSL", "WebHook", "1 if SSL is set, else 0.", a => Value.FromBool(Get(a).Ssl));
        r.Add("WebHook.GetCertificateFile", "WebHook", "The certificate path given to WebHook.SetSSL.", a => Value.FromText(Get(a).CertificateFile));
        r.Add("WebHook.GetPrivateKeyFile", "WebHook", "The private key path given to WebHook.SetSSL.", a => Value.FromText(Get(a).PrivateKeyFile));
        r.Add("WebHook.SetTimeOut", "WebHook; Seconds", "Timeout for a connection in seconds (default 300): the whole request must arrive within it, a held-open connection closes after it without traffic.", SetTimeOut);
        r.Add("WebHook.GetTimeOut", "WebHook", "The timeout in seconds.", a => Value.FromNumber(Get(a).TimeoutSeconds));
        r.Add("WebHook.SetMaximumRequestSize", "WebHook; MaxBytes", "Largest request in bytes; larger ones are refused (413) and disconnected. 0 = our default cap of 64 MiB.", SetMaximumRequestSize);
        r.Add("WebHook.GetMaximumRequestSize", "WebHook", "The maximum request size set (0 = default cap).", a => Value.FromNumber(Get(a).MaxRequestSize));
        r.Add("WebHook.SetTag", "WebHook; Value", "Stores a free value with the hook.", SetTag);
        r.Add("WebHook.GetTag", "WebHook", "The value stored with WebHook.SetTag.", a => Value.FromText(Get(a).Tag));
        r.Add("WebHook.GetPort", "WebHook", "The port listened on (the real one when Listen got 0).", a => Value.FromNumber(Get(a).Port));
        r.Add("WebHook.GetConnectionCounter", "WebHook", "Connections accepted so far.", a => Value.FromNumber(Get(a).ConnectionCounter));
        r.Add("WebHook.GetWebRequestCounter", "WebHook", "WebRequests created so far (complete, valid requests).", a => Value.FromNumber(Get(a).WebRequestCounter));
        r.Add("WebHook.Check", "{ ; WebHook }", "New complete WebRequests (each returned once), ¶-separated; without WebHook for all hooks. For hosts that poll instead of running scripts.", Check);
        r.Add("WebHook.List", "", "The live WebHook references, ¶-separated.", a => Value.FromText(Table.List()));
        r.Add("WebHook.Release", "WebHook", "Stops listening, closes connections still being read and frees the hook. Received WebRequests stay until released.", Release);
    }

    static Hook Get(Args a) => Table.Get(a, 0);

    static Value Create(Args a)
    {
        var hook = new Hook();
        return Value.FromNumber(Table.Add(hook));
    }

    static Value Listen(Args a)
    {
        var hook = Get(a);
        var port = a.Long(1);
        if (port != 0 && port is < 1024 or > 65535)
            throw new MbsException($"Port must be from 1024 to 65535, or 0 for any free port; got {port}.");
        var queue = a.Long(2, 10);
        if (queue is < 2 or > 100) throw new MbsException($"QueueLength must be from 2 to 100; got {queue}.");
        hook.Listen((int)port, (int)queue, ListenAddresses.Parse(a.Text(3, "")));
        return Value.Ok;
    }

    static Value SetScript(Args a)
    {
        var hook = Get(a);
        var file = a.Text(1).Trim();
        var script = a.Text(2).Trim();
        if (script.Length == 0) { hook.Script = null; return Value.Ok; }
        if (file.Length == 0) throw new MbsException("WebHook.SetScript needs a file name; pass Get(FileName) for the current file.");
        hook.Script = new ScriptTarget(file, script);
        return Value.Ok;
    }

    static Value SetAutoAnswer(Args a)
    {
        var hook = Get(a);
        hook.AutoAnswer = Encodings.ToBytes(a.Text(1), a.Text(2, ""));
        return Value.Ok;
    }

    static Value SetMode(Args a)
    {
        var hook = Get(a);
        var mode = a.Long(1);
        if (mode is < 0 or > 3) throw new MbsException($"Mode must be 0, 1 (keep connection open), 2 (raw data) or 3 (both); got {mode}.");
        hook.Mode = (int)mode;
        return Value.Ok;
    }

    static Value SetSsl(Args a)
    {
        var hook = Get(a);
        var certificate = a.Text(1).Trim();
        if (certificate.Length == 0) throw new MbsException("WebHook.SetSSL needs the path of a PEM certificate file.");
        var key = a.Text(2, certificate).Trim(); // a single PEM file may hold both
        hook.SetSsl(certificate, key, a.Text(3));
        return Value.Ok;
    }

    static Value SetTimeOut(Args a)
    {
        var hook = Get(a);
        var seconds = a.Long(1);
        if (seconds is < 1 or > 86400) throw new MbsException($"Timeout must be from 1 to 86400 seconds; got {seconds}.");
        hook.TimeoutSeconds = (int)seconds;
        return Value.Ok;
    }

    static Value SetMaximumRequestSize(Args a)
    {
        var hook = Get(a);
        var max = a.Long(1);
        if (max is < 0 or > WebHookLimits.MaxSettableRequestBytes)
            throw new MbsException($"MaxBytes must be from 0 (default cap) to {WebHookLimits.MaxSettableRequestBytes}; got {max}.");
        hook.MaxRequestSize = (int)max;
        return Value.Ok;
    }

    static Value SetTag(Args a)
    {
        Get(a).Tag = a.Text(1);
        return Value.Ok;
    }

    static Value Check(Args a)
    {
        long? only = a.Has(0) ? Get(a).Number : null;
        var fresh = new List<long>();
        foreach (var (id, request) in WebRequestFunctions.Table.Snapshot())
        {
            if (only is not null && request.WebHook != only) continue;
            lock (request)
            {
                if (request.Checked) continue;
                request.Checked = true;
            }
            fresh.Add(id);
        }
        return Value.FromText(string.Join('\r', fresh));
    }

    static Value Release(Args a)
    {
        Table.Release(a, 0);
        return Value.Ok;
    }
}
