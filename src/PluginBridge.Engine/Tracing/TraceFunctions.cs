namespace PluginBridge.Engine.Tracing;

/// <summary>MBS Trace.*: logging every plug-in call with its parameters and result (see <see cref="Tracer"/>).
/// </summary>
static class TraceFunctions
{
    public static void Register(Registry r)
    {
        r.Add("Trace", "{ ; Path; Append }", a => { Tracer.Start(a.Text(0), a.Bool(1)); return Value.Ok; });
        r.Add("Trace.Off", "", _ => { Tracer.Stop(); return Value.Ok; });
        r.Add("Trace.Path", "", _ => Value.FromText(Tracer.Path));
        r.Add("Trace.IsEnabled", "", _ => Value.FromBool(Tracer.Enabled));
        r.Add("Trace.Pause", "", _ => { Tracer.Pause(); return Value.Ok; });
        r.Add("Trace.Resume", "", _ => { Tracer.Resume(); return Value.Ok; });
        r.Add("Trace.IsPaused", "", _ => Value.FromBool(Tracer.Paused));
        r.Add("Trace.SetWithTimes", "Value", a => { Tracer.WithTimes = a.Bool(0); return Value.Ok; });
        r.Add("Trace.GetWithTimes", "", _ => Value.FromBool(Tracer.WithTimes));
        r.Add("Trace.SetErrorsOnly", "Value", a => { Tracer.ErrorsOnly = a.Bool(0); return Value.Ok; });
        r.Add("Trace.GetErrorsOnly", "", _ => Value.FromBool(Tracer.ErrorsOnly));
        r.Add("Trace.WriteLine", "{ ; Parameters... }", a => { Tracer.WriteLine(a.From(0)); return Value.Ok; });
    }
}
