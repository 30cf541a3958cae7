using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PluginBridge.Native.Fmx;

/// <summary>
/// FMExternCallProc, the one export FileMaker looks for. A NULL block, a block whose version is out of FileMaker's
/// range, and unknown message codes are ignored. Nothing escapes: an exception here would end the host process.
/// </summary>
static unsafe class FmxEntry
{
    [UnmanagedCallersOnly(EntryPoint = "FMExternCallProc", CallConvs = [typeof(CallConvCdecl)])]
    static void Entry(byte* parameterBlock)
    {
        try
        {
            if (parameterBlock == null) return;
            var block = new FmxBlock(parameterBlock);
            if (block.ExtnVersion is < FmxMessage.LowestValidApi or > FmxMessage.HighestValidApi) return;
            switch (block.WhichCall)
            {
                case FmxMessage.GetString: FmxStrings.Answer(block); break;
                case FmxMessage.Init: FmxLifecycle.Init(block); break;
                case FmxMessage.Idle: FmxLifecycle.Idle(block); break;
                case FmxMessage.Shutdown: FmxLifecycle.Shutdown(); break;
                // Nothing is kept per session or file (handles are global, as in MBS), so there is nothing to release;
                // there is no preferences dialog (option char 6 is n). Both are acknowledged and otherwise ignored.
                case FmxMessage.SessionShutdown or FmxMessage.FileShutdown or FmxMessage.DoAppPreferences: break;
                default: break;
            }
        }
        catch (Exception e) { FmxLog.Write($"message failed: {e.GetType().Name}: {e.Message}"); }
    }
}
