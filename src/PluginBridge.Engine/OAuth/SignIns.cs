namespace PluginBridge.Engine.OAuth;

/// <summary>Starts sign-ins, one at a time per handle, in the foreground or on a worker thread with a finished
/// script.</summary>
static class SignIns
{
    static int running;

    public static int Running() => Volatile.Read(ref running);

    /// <param name="background">False: the caller runs it (OAuth.SignIn). True: it runs on a worker thread and
    /// <paramref name="finished"/> (when given) is queued when it ends.</param>
    /// <summary>OAuth.DeviceCode: asks for a user code now, polls on a worker thread, queues the script when
    /// done.</summary>
    public static string StartDeviceCode(OAuthClient client, ScriptTarget? finished)
    {
        if (client.ClientId.Length == 0) throw new MbsException(
            "Set the app's client ID first: OAuth.SetClient(OAuth; ClientID { ; ClientSecret }).");
        lock (client)
            if (client.Session is { Finished: false }) throw new MbsException("A sign-in already runs for this OAuth " +
                "handle. Wait for it (OAuth.SignInResult) or release the handle.");
        var session = new DeviceCodeSession(client);
        lock (client) client.Session = session;
        RunInBackground(session.Poll, () => finished?.Queue(client.Number), "OAuth device code");
        return session.Json;
    }

    static void RunInBackground(Action work, Action whenDone, string name)
    {
        Interlocked.Increment(ref running);
        new Thread(() =>
        {
            try { work(); }
            catch { /* the outcome is in the session for OAuth.SignInResult */ }
            finally
            {
                Interlocked.Decrement(ref running);
                whenDone();
            }
        }) { IsBackground = true, Name = name }.Start();
    }

    public static SignInSession Start(OAuthClient client, string viewer, int timeoutSeconds, bool background,
        ScriptTarget? finished = null)
    {
        _ = client.Endpoints(); // a wrong issuer or missing client fails here, before a browser opens
        if (client.ClientId.Length == 0) throw new MbsException(
            "Set the app's client ID first: OAuth.SetClient(OAuth; ClientID { ; ClientSecret }).");
        var session = new SignInSession(client, viewer, timeoutSeconds, needsBrowser: !background);
        lock (client)
        {
            if (client.Session is { Finished: false }) throw new MbsException("A sign-in already runs for this OAuth " +
                "handle. Wait for it (OAuth.SignInResult) or release the handle.");
            client.Session = session;
        }
        if (!background) return session;
        RunInBackground(() => session.Run(), () => finished?.Queue(client.Number), "OAuth sign-in");
        return session;
    }
}
