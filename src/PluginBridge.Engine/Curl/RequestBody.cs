namespace PluginBridge.Engine.Curl;

/// <summary>
/// What an HTTP request sends, decided as libcurl does: a custom request names the method; post fields, a
/// finished multipart form (CURL.FormFinish) or CURL.SetOptionPost 1 make a POST (the form as multipart/form-data,
/// Post 1 sends the input data as a form body); CURL.SetOptionUpload 1 makes a PUT of the input data;
/// CURL.SetOptionNoBody 1 makes a HEAD without a body.
/// </summary>
sealed record RequestBody(HttpMethod Method, byte[]? Body, string? ContentType)
{
    public static RequestBody For(CurlOptions o)
    {
        byte[]? body = null;
        string? type = null;
        var post = false;
        if (o.PostFields is not null) { body = o.PostFields; type = "application/x-www-form-urlencoded"; post = true; }
        else if (o.FormFinished && o.Form.Count > 0)
        {
            var (bytes, boundary) = Multipart.Build(o.Form);
            body = bytes;
            type = "multipart/form-data; boundary=" + boundary;
            post = true;
        }
        else if (o.Post == true && !o.Upload) { body = o.InputData
            ?? []; type = "application/x-www-form-urlencoded"; post = true; }
        else if (o.Upload) body = o.InputData ?? [];

        if (o.NoBody && o.CustomRequest.Length == 0) return new RequestBody(HttpMethod.Head, null, null);
        var method = o.CustomRequest.Length > 0 ? new HttpMethod(o.CustomRequest)
            : post ? HttpMethod.Post : o.Upload ? HttpMethod.Put : HttpMethod.Get;
        return new RequestBody(method, body, type);
    }
}
