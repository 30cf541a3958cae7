// Usage: dotnet run --project tools/GenDocs -- docs/functions.md
var path = args.Length > 0 ? args[0] : "docs/functions.md";
File.WriteAllText(path, PluginBridge.Engine.Core.FunctionsMarkdown.Of(PluginBridge.Engine.Core.Plugin.Registry));
Console.WriteLine($"{path}: {PluginBridge.Engine.Core.Plugin.Registry.Functions.Count} functions");
