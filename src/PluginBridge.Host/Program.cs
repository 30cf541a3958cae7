using PluginBridge.Host.Cli;

return HostCli.Build().Parse(args).Invoke();
