namespace PluginBridge.Engine.WebHook;

/// <summary>WebRequest.*: reading a request a WebHook received, and answering it on a connection held open.</summary>
static class WebRequestFunctions
{
    internal static readonly HandleTable<ReceivedRequest> Table = new("WebRequest", 31000);

    public static void Register(Registry r)
    {
        r.AddTable(Table);
        r.Add("WebRequest.URLComponents", "WebRequest { ; Encoding }", UrlComponentsOf);
        r.Add("WebRequest.GetRawData", "WebRequest { ; Encoding; ClearBuffer }", GetRawData);
        r.Add("WebRequest.GetHeaders", "WebRequest", GetHeaders);
        r.Add("WebRequest.GetBody", "WebRequest { ; Encoding }", GetBody);
        r.Add("WebRequest.GetBodyAsContainer", "WebRequest { ; FileName }", GetBodyAsContainer);
        r.Add("WebRequest.GetBodySize", "WebRequest", a => Value.FromNumber(Get(a).Body.Length));
        r.Add("WebRequest.GetSize", "WebRequest", a => Value.FromNumber(Get(a).Size));
        r.Add("WebRequest.GetHTTPMethod", "WebRequest", a => Value.FromText(Get(a).Head?.Method ?? ""));
        r.Add("WebRequest.GetHTTPVersion", "WebRequest", a => Value.FromText(Get(a).Head?.Version ?? ""));
        r.Add("WebRequest.GetURL", "WebRequest", a => Value.FromText(Get(a).Head?.Target ?? ""));
        r.Add("WebRequest.GetHost", "WebRequest", a => Value.FromText(Get(a).Head?.Header("Host") ?? ""));
        r.Add("WebRequest.GetRemoteIP", "WebRequest", a => Value.FromText(Get(a).Remote.Address.ToString()));
        r.Add("WebRequest.GetRemotePort", "WebRequest", a => Value.FromNumber(Get(a).Remote.Port));
        r.Add("WebRequest.GetLocalIP", "WebRequest", a => Value.FromText(Get(a).Local.Address.ToString()));
        r.Add("WebRequest.GetLocalPort", "WebRequest", a => Value.FromNumber(Get(a).Local.Port));
        r.Add("WebRequest.GetSSL", "WebRequest", a => Value.FromBool(Get(a).Ssl));
        r.Add("WebRequest.GetMode", "WebRequest", a => Value.FromNumber(Get(a).Mode));
        r.Add("WebRequest.GetState", "WebRequest", a => Value.FromNumber(Get(a).State));
        r.Add("WebRequest.ErrorMessage", "WebRequest", a => Value.FromText(Get(a).ErrorMessage));
        r.Add("WebRequest.GetWebHook", "WebRequest", a => Value.FromNumber(Get(a).WebHook));
        r.Add("WebRequest.SetTag", "WebRequest; Value", SetTag);
        r.Add("WebRequest.GetTag", "WebRequest", a => Value.FromText(Get(a).Tag));
        r.Add("WebRequest.Send", "WebRequest; Text { ; Encoding }", Send);
        r.Add("WebRequest.List", "", Table.ListFunction);
        r.Add("WebRequest.Release", "WebRequest", Table.ReleaseFunction);
    }

    static ReceivedRequest Get(Args a) => Table.Get(a, 0);

    static Value UrlComponentsOf(Args a) => Value.FromText(UrlComponents.Json(Get(a), Encodings.Get(a.Text(1, ""))));

    static Value GetRawData(Args a) => Value.FromText(BytesToText(Get(a).RawData(a.Bool(2)), a.Text(1, "")));

    static Value GetBody(Args a) => Value.FromText(BytesToText(Get(a).Body, a.Text(1, "")));

    static Value GetHeaders(Args a)
    {
        var json = new MbsJson().BeginObject();
        var head = Get(a).Head;
        if (head is not null)
            foreach (var group in head.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
                json.Property(group.First().Key, string.Join(", ", group.Select(h => h.Value)));
        return Value.FromText(json.EndObject().ToString());
    }

    static Value GetBodyAsContainer(Args a)
    {
        var request = Get(a);
        var name = a.Text(1, "").Trim();
        if (name.Length == 0)
        {
            var target = request.Head?.Target ?? "";
            var path = target.Split('?', '#')[0];
            name = UrlComponents.Decode(path[(path.LastIndexOf('/') + 1)..], plusIsSpace: false);
            if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) name = "body";
        }
        return Value.FromContainer(request.Body, name);
    }

    static Value SetTag(Args a)
    {
        Get(a).Tag = a.Text(1);
        return Value.Ok;
    }

    static Value Send(Args a)
    {
        var request = Get(a);
        var bytes = Encodings.ToBytes(a.Text(1), a.Text(2, ""));
        var connection = request.Connection
            ?? throw new MbsException(
                "This WebRequest has no open connection: call WebHook.SetMode with 1 (keep open) before the request " +
                "arrives, and clear the auto-answer with WebHook.SetAutoAnswer and empty text.");
        if (!connection.Write(bytes))
            throw new MbsException(
                "The connection of this WebRequest is closed (the client hung up, or the hook's timeout passed).");
        return Value.FromNumber(bytes.Length);
    }

    /// <summary>Bytes as text in an MBS encoding, or as Hex / Base64 for binary data.</summary>
    internal static string BytesToText(byte[] bytes, string encodingName)
    {
        if (Encodings.IsHex(encodingName)) return Convert.ToHexString(bytes);
        if (Encodings.IsBase64(encodingName)) return Convert.ToBase64String(bytes);
        return Encodings.Get(encodingName).GetString(bytes);
    }
}
