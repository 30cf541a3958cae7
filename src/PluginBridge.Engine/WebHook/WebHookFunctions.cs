namespace PluginBridge.Engine.WebHook;

/// <summary>WebHook.*: a small HTTP (or raw TCP) listener whose requests become WebRequest objects for
/// scripts.</summary>
static class WebHookFunctions
{
    internal static readonly HandleTable<Hook> Table = new("WebHook", 30000);

    public static void Register(Registry r)
    {
        r.AddTable(Table);
        r.AddActivity(() => Table.Snapshot().Count(p => p.Value.IsListening)); // listening hooks keep the host idling

        r.Add("WebHook.Create", "", Create);
        r.Add("WebHook.Listen", "WebHook; Port { ; QueueLength; Interface }", Listen);
        r.Add("WebHook.SetScript", "WebHook; FileName; ScriptName", SetScript);
        r.Add("WebHook.GetFileName", "WebHook", a => Value.FromText(Get(a).Script?.FileName ?? ""));
        r.Add("WebHook.GetScriptName", "WebHook", a => Value.FromText(Get(a).Script?.ScriptName ?? ""));
        r.Add("WebHook.SetAutoAnswer", "WebHook; Text { ; Encoding }", SetAutoAnswer);
        r.Add("WebHook.GetAutoAnswer", "WebHook", a => Value.FromText(Encodings.Utf8.GetString(Get(a).AutoAnswer)));
        r.Add("WebHook.SetMode", "WebHook; Mode", SetMode);
        r.Add("WebHook.GetMode", "WebHook", a => Value.FromNumber(Get(a).Mode));
        r.Add("WebHook.SetSSL", "WebHook; CertificateFile; PrivateKeyFile { ; Password }", SetSsl);
        r.Add("WebHook.GetSSL", "WebHook", a => Value.FromBool(Get(a).Ssl));
        r.Add("WebHook.GetCertificateFile", "WebHook", a => Value.FromText(Get(a).CertificateFile));
        r.Add("WebHook.GetPrivateKeyFile", "WebHook", a => Value.FromText(Get(a).PrivateKeyFile));
        r.Add("WebHook.SetTimeOut", "WebHook; Seconds", SetTimeOut);
        r.Add("WebHook.GetTimeOut", "WebHook", a => Value.FromNumber(Get(a).TimeoutSeconds));
        r.Add("WebHook.SetMaximumRequestSize", "WebHook; MaxBytes", SetMaximumRequestSize);
        r.Add("WebHook.GetMaximumRequestSize", "WebHook", a => Value.FromNumber(Get(a).MaxRequestSize));
        r.Add("WebHook.SetTag", "WebHook; Value", SetTag);
        r.Add("WebHook.GetTag", "WebHook", a => Value.FromText(Get(a).Tag));
        r.Add("WebHook.GetPort", "WebHook", a => Value.FromNumber(Get(a).Port));
        r.Add("WebHook.GetConnectionCounter", "WebHook", a => Value.FromNumber(Get(a).ConnectionCounter));
        r.Add("WebHook.GetWebRequestCounter", "WebHook", a => Value.FromNumber(Get(a).WebRequestCounter));
        r.Add("WebHook.Check", "{ ; WebHook }", Check);
        r.Add("WebHook.List", "", Table.ListFunction);
        r.Add("WebHook.Release", "WebHook", Table.ReleaseFunction);
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
        if (file.Length == 0)
            throw new MbsException("WebHook.SetScript needs a file name; pass Get(FileName) for the current file.");
        hook.Script = new ScriptTarget(file, script);
        return Value.Ok;
    }

    static Value SetAutoAnswer(Args a)
    {
        var hook = Get(a);
        hook.AutoAnswer = Encodings.ToBytes(a.Text(1), a.Text(2, ""));
        return Value.Ok;
    }

    static Value SetMode(Args a) => SetWholeNumber(a, 0, 3,
        "Mode must be 0, 1 (keep connection open), 2 (raw data) or 3 (both)", (hook, mode) => hook.Mode = mode);

    static Value SetSsl(Args a)
    {
        var hook = Get(a);
        var certificate = a.Text(1).Trim();
        if (certificate.Length == 0) throw new MbsException("WebHook.SetSSL needs the path of a PEM certificate file.");
        var key = a.Text(2, certificate).Trim(); // a single PEM file may hold both
        hook.SetSsl(certificate, key, a.Text(3));
        return Value.Ok;
    }

    static Value SetTimeOut(Args a) => SetWholeNumber(a, 1, 86400,
        "Timeout must be from 1 to 86400 seconds", (hook, seconds) => hook.TimeoutSeconds = seconds);

    static Value SetMaximumRequestSize(Args a) => SetWholeNumber(a, 0, WebHookLimits.MaxSettableRequestBytes,
        $"MaxBytes must be from 0 (default cap) to {WebHookLimits.MaxSettableRequestBytes}",
        (hook, max) => hook.MaxRequestSize = max);

    /// <summary>A whole-number setting checked against its range; the error names the range and the value given.
    /// </summary>
    static Value SetWholeNumber(Args a, long min, long max, string range, Action<Hook, int> set)
    {
        var hook = Get(a);
        var value = a.Long(1);
        if (value < min || value > max) throw new MbsException($"{range}; got {value}.");
        set(hook, (int)value);
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
}
