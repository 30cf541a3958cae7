using PluginBridge.Engine.Core;

namespace PluginBridge.Engine.OAuth;

/// <summary>Starts sign-ins, one at a time per handle, in the foreground or on a worker thread with a finished script.</summary>
static class SignIns
{
    static int running;

    public static int Running() => Volatile.Read(ref running);

    /// <param name="background">Null: the caller runs it (OAuth.SignIn). Else it runs on a worker thread; the
    /// script (when named) is queued when it ends.</param>
    public static SignInSession Start(OAuthClient client, string viewer, int timeoutSeconds, ScriptStart? background)
    {
        _ = client.Endpoints(); // a wrong issuer or missing client fails here, before a browser opens
        if (client.ClientId.Length == 0) throw new MbsException("Set the app's client ID first: OAuth.SetClient(OAuth; ClientID { ; ClientSecret }).");
        var session = new SignInSession(client, viewer, timeoutSeconds);
        lock (client)
        {
            if (client.Session is { Finished: false }) throw new MbsException("A sign-in already runs for this OAuth handle. Wait for it (OAuth.SignInResult) or release the handle.");
            client.Session = session;
        }
        if (background is null) return session;
        Interlocked.Increment(ref running);
        var thread = new Thread(() =>
        {
            try { session.Run(); }
            catch { /* the error is in session.Error for OAuth.SignInResult */ }
            finally
            {
                Interlocked.Decrement(ref running);
                if (background.ScriptName.Length > 0) ScriptQueue.Enqueue(background);
            }
        }) { IsBackground = true, Name = "OAuth sign-in" };
        thread.Start();
        return session;
    }
}
