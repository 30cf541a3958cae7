using System.CommandLine;
using PluginBridge.Host.Calc;
using PluginBridge.Host.Data;
using PluginBridge.Host.Fmx;
using PluginBridge.Host.Native;
using PluginBridge.Host.Script;
using PluginBridge.Host.WebViewer;

namespace PluginBridge.Host.Cli;

/// <summary>The command line: run, eval, functions, fields (test and convert: ScriptFileCommands).</summary>
public static class HostCli
{
    public static RootCommand Build()
    {
        var plugin = new Option<string?>("--plugin") { Description =
            "The plugin library (default: $PB_PLUGIN, else ../plugin/ beside this program).", Recursive = true };
        var noPlugin = new Option<bool>("--no-plugin") { Description =
            "Run without the plugin: MBS(...) evaluates to ?, as in FileMaker without it.", Recursive = true };
        var fmx = new Option<string?>("--fmx") { Description =
            "Load a FileMaker plug-in (.fmx) through FMExternCallProc and the FM_* functions of ../fmwrapper/ (or " +
            "$PB_FMWRAPPER), as FileMaker does. A --plugin path ending in .fmx does the same.", Recursive = true };

        var root = new RootCommand(
            $"PluginBridge host: runs FileMaker script text against the plugin through its C ABI. {ExitCodes.Help}");
        root.Options.Add(plugin);
        root.Options.Add(noPlugin);
        root.Options.Add(fmx);
        root.Subcommands.Add(RunCommand(plugin, noPlugin, fmx));
        root.Subcommands.Add(EvalCommand(plugin, noPlugin, fmx));
        root.Subcommands.Add(FunctionsCommand(plugin, fmx));
        root.Subcommands.Add(FieldsCommand());
        root.Subcommands.Add(ScriptFileCommands.Test(plugin, noPlugin));
        root.Subcommands.Add(ScriptFileCommands.Convert());
        return root;
    }

    static Option<string?> DbOption() => new("--db") { Description =
        "The SQLite file with the fields (default for run: <folder>/<FileName>.pbdb.sqlite)." };

    static Option<string[]> SetOption() => new("--set")
    {
        Description = "Sets a field before running: \"Table::Field=value\". Repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    static Command RunCommand(Option<string?> plugin, Option<bool> noPlugin, Option<string?> fmx)
    {
        var path = new Argument<string>("PATH") { Description =
            "A script file (Name.fmscript) or a folder of script files (one FileMaker file)." };
        var script = new Option<string?>("--script") { Description =
            "The script to start (default: the file given, or the folder's only script)." };
        var param = new Option<string?>("--param") { Description =
            "The start script's parameter, Get ( ScriptParameter )." };
        var db = DbOption();
        var set = SetOption();
        var wait = new Option<double>("--wait") { Description = "Seconds to keep idling for the plugin's listeners " +
            "and transfers after the start script.", DefaultValueFactory = _ => 120 };
        var browser = new Option<string?>("--browser") { Description =
            "Command that opens web-viewer URLs (the URL is appended; the user agent is in $PB_USER_AGENT)." };
        var trace = new Option<bool>("--trace") { Description = "Print each step as it runs (to stderr)." };
        var cmd = new Command("run", "Run a script, then keep idling while the plugin has live listeners or transfers.")
        {
            path, script, param, db, set, wait, browser, trace,
        };
        cmd.SetAction(r => Guard(() =>
        {
            // A FileMaker plug-in registers its functions at Init, and the scripts that call them parse only after.
            using var library = LoadPlugin(r.GetValue(plugin), r.GetValue(noPlugin), r.GetValue(fmx));
            if (library is FmxPlugin) library.Init(new NoScripts());
            var (file, start) = FmFile.Load(r.GetValue(path)!);
            var names = file.ScriptNames.ToList();
            var name = r.GetValue(script) ?? start ?? (names.Count == 1 ? names[0] : null)
                ?? throw new UsageException(
                    $"{file.Name} has {names.Count} scripts; choose one with --script: {string.Join(", ", names)}.");
            if (!file.Has(name))
                throw new UsageException(
                    $"Unknown script \"{name}\" in {file.Name}. Scripts: {string.Join(", ", names)}.");
            file.Find(name); // an export's script is parsed when first needed: report its error before anything runs
            using var fields = FieldStore.Open(r.GetValue(db) ?? file.DefaultDatabasePath);
            ApplySets(fields, r.GetValue(set), file.Fields);
            using var viewers = new WebViewers(r.GetValue(browser), Console.Out);
            // Ctrl+C: stop the browser commands we started; the OS closes the plugin's sockets.
            Console.CancelKeyPress += (_, _) => viewers.Dispose();
            var options =
                new RunOptions(Console.Out, Console.Error, r.GetValue(trace), TimeSpan.FromSeconds(r.GetValue(wait)));
            var runner = new ScriptRunner(file, fields, library, viewers, options);
            runner.RunScript(name, FmValue.Text(r.GetValue(param) ?? ""));
            runner.IdleUntilDone();
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    static Command EvalCommand(Option<string?> plugin, Option<bool> noPlugin, Option<string?> fmx)
    {
        var expression = new Argument<string>("EXPRESSION") { Description =
            "A FileMaker calculation, e.g. 'MBS(\"Text.EncodeURLComponent\"; \"a b/c\"; \"UTF-8\")'." };
        var db = DbOption();
        var set = SetOption();
        var cmd = new Command("eval",
            "Print the result of one calculation (fields in memory unless --db).") { expression, db, set };
        cmd.SetAction(r => Guard(() =>
        {
            // A mistyped --db would otherwise read an empty, newly created database without a word.
            if (r.GetValue(db) is { } file && !File.Exists(file))
                throw new UsageException($"No field database at {file}.");
            using var fields = FieldStore.Open(r.GetValue(db));
            ApplySets(fields, r.GetValue(set));
            using var library = LoadPlugin(r.GetValue(plugin), r.GetValue(noPlugin), r.GetValue(fmx));
            using var viewers = new WebViewers(null, Console.Error);
            var runner = new ScriptRunner(FmFile.Empty("Untitled"), fields, library, viewers,
                new RunOptions(Console.Out, Console.Error, false, TimeSpan.Zero));
            Node node;
            try { node = CalcParser.Parse(r.GetValue(expression)!); }
            catch (CalcSyntaxException e) { throw new UsageException($"{e.Message} (at character {e.Position + 1})"); }
            try { Console.WriteLine(Terminal(new Evaluator(runner.EvalContext()).Evaluate(node).AsText())); }
            catch (CalcException e) { throw new ScriptRuntimeException(e.Message); }
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    static Command FunctionsCommand(Option<string?> plugin, Option<string?> fmx)
    {
        var markdown = new Option<bool>("--markdown") { Description = "Print a Markdown table." };
        var cmd = new Command("functions", "List the plugin's functions, read through pb_function_count / " +
            "pb_function_at (a FileMaker plug-in: what it registered at Init).") { markdown };
        cmd.SetAction(r => Guard(() =>
        {
            using var library = LoadPlugin(r.GetValue(plugin), false, r.GetValue(fmx))!;
            if (library is FmxPlugin) library.Init(new NoScripts()); // it registers its functions at Init
            var functions = library.Functions();
            if (r.GetValue(markdown))
            {
                Console.WriteLine($"# {library.Version}\n\n| function | parameters | what it does |\n|---|---|---|");
                foreach (var f in functions) Console.WriteLine(
                    $"| `{f.Name}` | `{f.Signature.Replace("|", "\\|")}` | {f.Doc.Replace("|", "\\|")} |");
            }
            else
            {
                Console.WriteLine(library.Version);
                foreach (var f in functions) Console.WriteLine($"{f.Signature}\n    {f.Doc}");
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    static Command FieldsCommand()
    {
        var path = new Argument<string?>("PATH") { Description = "A script folder or file: shows its default database.",
            Arity = ArgumentArity.ZeroOrOne };
        var db = DbOption();
        var cmd = new Command("fields", "Print the stored fields and their values.") { path, db };
        cmd.SetAction(r => Guard(() =>
        {
            var file = r.GetValue(db) ?? (r.GetValue(path) is { } p ? FmFile.Load(p).File.DefaultDatabasePath : null)
                ?? throw new UsageException("Say which fields: fields PATH (a script folder) or fields --db FILE.");
            if (!File.Exists(file))
                throw new UsageException($"No field database at {file} yet: run a script first, or pass --db FILE.");
            using var fields = FieldStore.Open(file);
            var all = fields.All();
            // One record per table prints as before; tables with several records name each record's id.
            var several = all.GroupBy(f => f.Table, StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Select(f => f.RecordId).Distinct().Count() > 1)
                .Select(g => g.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var (table, id, field, value) in all)
                Console.WriteLine($"{table}::{field}{(several.Contains(table) ? $" (record {id})" : "")} = "
                    + Terminal(value.AsText()));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    /// <summary>No plugin, a FileMaker plug-in (--fmx, or a path ending in .fmx), or the library through
    /// pluginbridge.h.</summary>
    internal static IPlugin? LoadPlugin(string? path, bool none, string? fmx = null)
    {
        if (none) return null;
        if (!string.IsNullOrEmpty(fmx)) return FmxPlugin.Load(fmx);
        var resolved = PluginLocator.Resolve(path);
        return FmxLocator.IsFileMakerPlugin(resolved) ? FmxPlugin.Load(resolved) : PluginLibrary.Load(resolved);
    }

    /// <summary>The host of the functions command: it runs no scripts.</summary>
    sealed class NoScripts : IPluginHost
    {
        public int StartScript(string fileName, string scriptName, string parameter, ScriptControl control) => 2;
        public int WebViewer(string viewer, string action, string value) => 1;
    }

    /// <summary>"Table::Field=value" pairs from --set.</summary>
    static void ApplySets(FieldStore fields, string[]? sets, FieldSchema? schema = null)
    {
        foreach (var set in sets ?? [])
        {
            var sep = set.IndexOf("::", StringComparison.Ordinal);
            var eq = sep < 0 ? -1 : set.IndexOf('=', sep);
            if (sep <= 0 || eq < 0) throw new UsageException($"--set needs \"Table::Field=value\", not \"{set}\".");
            var (table, field) = (set[..sep].Trim(), set[(sep + 2)..eq].Trim());
            var value = FmValue.Text(set[(eq + 1)..]);
            if (schema is not null)
            {
                // An export defines its fields: --set takes the field's type, and a field it lacks is a mistake.
                var kind = schema.KindOf(table, field)
                    ?? throw new UsageException($"--set: the export defines no field {table}::{field}.");
                value = FieldSchema.Coerce(kind, value);
            }
            fields.Set(table, field, value);
        }
    }

    /// <summary>FileMaker's CR line endings shown as lines on a terminal.</summary>
    static string Terminal(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    internal static int Guard(Func<int> body)
    {
        try { return body(); }
        catch (ScriptParseException e) { return Fail(e.Message, ExitCodes.BadInput); }
        catch (UsageException e) { return Fail(e.Message, ExitCodes.BadInput); }
        catch (FileNotFoundException e) { return Fail(e.Message, ExitCodes.BadInput); }
        catch (PluginLoadException e) { return Fail(e.Message, ExitCodes.PluginNotFound); }
        catch (WaitExceededException e) { return Fail(e.Message, ExitCodes.WaitExceeded); }
        catch (ScriptRuntimeException e) { return Fail(e.Message, ExitCodes.ScriptError); }
        // SQLITE_BUSY: another host holds an uncommitted record in the same database for longer than 5 s.
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 5)
        {
            return Fail("the field database is busy: another pluginbridge is writing to it (a record it has not "
                + "committed yet). Run one host per database, or try again when it is done.", ExitCodes.ScriptError);
        }
    }

    static int Fail(string message, int code)
    {
        Console.Error.WriteLine("pluginbridge: " + message);
        return code;
    }
}

/// <summary>Bad command-line input; exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
