namespace PluginBridge.Engine.WebHook;

/// <summary>
/// A hook's memory budget: the read buffers of connections being read plus the data of unreleased WebRequests, so
/// that many clients sending large requests at once, or many unreleased requests, cannot exhaust memory.
/// </summary>
sealed class MemoryBudget
{
    long held;

    public long Held => Interlocked.Read(ref held);

    /// <summary>Reserves bytes; false (nothing reserved) beyond the budget. The budget always fits one request of the
    /// maximum size being read and kept (about 3x its size).</summary>
    public bool TryHold(long bytes, int maxRequestBytes)
    {
        var budget = Math.Max(WebHookLimits.MaxHeldBytes, 3L * maxRequestBytes + WebHookLimits.ReadChunkBytes * 4);
        if (Interlocked.Add(ref held, bytes) <= budget) return true;
        Interlocked.Add(ref held, -bytes);
        return false;
    }

    public void Return(long bytes) => Interlocked.Add(ref held, -bytes);
}
