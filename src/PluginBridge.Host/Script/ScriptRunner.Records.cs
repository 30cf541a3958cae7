using PluginBridge.Host.Calc;

namespace PluginBridge.Host.Script;

/// <summary>
/// Layouts and records. A layout shows one table (FmFile.TableOfLayout); the found set is all of the table's records.
/// Moving to another layout or record commits the open record first, as FileMaker does. Returns FileMaker's error
/// codes: 101 record is missing, 105 layout is missing.
/// </summary>
public sealed partial class ScriptRunner
{
    /// <summary>Get ( LayoutName ); empty until the first Go to Layout (this host starts on no layout).</summary>
    public string LayoutName { get; private set; } = "";

    /// <summary>Get ( LayoutTableName ): the table of the current layout.</summary>
    public string LayoutTable { get; private set; } = "";

    /// <summary>Runs a record or layout step: its error code, or -1 (with pc set) when it left a loop.</summary>
    int RecordStep(Step step, Frame frame, Func<Node, FmValue> eval, ref int pc)
    {
        switch (step)
        {
            case GoToLayoutStep s:
            {
                Fields.Commit();
                var name = s.Original ? frame.OriginalLayout : s.Name ?? eval(s.NameCalc!).AsText();
                if (name.Length == 0 && s.Original) return 0;
                if ((s.Table ?? File.TableOfLayout(name)) is not { } table) return 105;
                (LayoutName, LayoutTable) = (name, table);
                return 0;
            }
            case NewRecordStep:
                Fields.Commit();
                Fields.NewRecord(Table(step));
                return 0;
            case DeleteRecordStep s:
            {
                var table = Table(step);
                Fields.Commit();
                if (Fields.CurrentRecord(table) is null) return 101;
                if (s.WithDialog)
                {
                    options.Output.WriteLine("[dialog] Permanently delete this ENTIRE record?: Delete");
                    LastMessageChoice = 1;
                }
                Fields.DeleteRecord(table);
                Fields.Commit();
                return 0;
            }
            case GoToRecordStep s:
            {
                var table = Table(step);
                Fields.Commit();
                var (count, current) = (Fields.FoundCount(table), Fields.RecordNumber(table));
                var number = s.Where switch
                {
                    RecordTarget.First => 1,
                    RecordTarget.Last => count,
                    RecordTarget.Next => current + 1,
                    RecordTarget.Previous => current - 1,
                    _ => eval(s.Number!).AsNumber() is { } n
                        ? (int)Math.Clamp(decimal.Truncate(n), -1, int.MaxValue) : 0,
                };
                if (Fields.GoToRecord(table, number)) return 0;
                // Past the last (or first) record: stay, and leave the loop when asked to.
                if (s.ExitAfterLast && s.Where is RecordTarget.Next or RecordTarget.Previous && s.Target >= 0)
                {
                    pc = s.Target;
                    return -1;
                }
                return 101;
            }
            case SetWebViewerStep s:
            {
                var viewer = eval(s.ObjectName).AsText();
                if (s.Action == "Go to URL") viewers.Handle(viewer, "LoadURL", eval(s.Url!).AsText());
                else viewers.Record(viewer, s.Action);
                return 0;
            }
            default: throw new InvalidOperationException($"not a record step: {step.Text}");
        }
    }

    bool IsLayoutTable(string table) => LayoutTable.Equals(table, StringComparison.OrdinalIgnoreCase);

    /// <summary>The current layout's table; a record step before any Go to Layout is a mistake in the script.</summary>
    string Table(Step step) => LayoutTable.Length > 0 ? LayoutTable
        : throw new CalcException("no layout yet: this host starts on no layout, so go to one first "
            + "(Go to Layout [ “Table” ]; a layout shows the table of its name).");
}
