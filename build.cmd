@echo off
rem PluginBridge: build and test on Windows. Same commands as build.sh:
rem   build.cmd          build the plugin (artifacts\plugin\PluginBridge.dll), header, the FileMaker plug-in
rem                      (artifacts\fmx\PluginBridge.fmx64) and host. Not run by the project's CI: no Windows machine.
rem   build.cmd test     build and run the managed tests and the C harness
rem The real-peer tests (Postfix, Dovecot, oidc-provider) need Linux; run them with ./build.sh test there.
setlocal
cd /d "%~dp0"
set ART=%CD%\artifacts
set RID=win-x64
if /i "%PROCESSOR_ARCHITECTURE%"=="ARM64" set RID=win-arm64
set PB_PLUGIN=%ART%\plugin\PluginBridge.dll

if "%1"=="" goto build
if /i "%1"=="build" goto build
if /i "%1"=="test" goto test
if /i "%1"=="docs" goto docs
echo usage: build.cmd [build^|test^|docs]
exit /b 2

:build
call :plugin || exit /b 1
call :fmx || exit /b 1
call :host || exit /b 1
exit /b 0

:plugin
echo == NativeAOT publish: PluginBridge.dll (%RID%)
if not exist "%ART%\logs" mkdir "%ART%\logs"
dotnet publish src\PluginBridge.Native\PluginBridge.Native.csproj -c Release -r %RID% -o "%ART%\obj\plugin" -p:TrimmerSingleWarn=false > "%ART%\logs\publish-plugin.log" 2>&1 || (type "%ART%\logs\publish-plugin.log" & exit /b 1)
findstr /r /c:"warning IL[0-9]" "%ART%\logs\publish-plugin.log" && (echo trim/AOT warnings & exit /b 1)
if not exist "%ART%\plugin" mkdir "%ART%\plugin"
if not exist "%ART%\include" mkdir "%ART%\include"
copy /y "%ART%\obj\plugin\PluginBridge.dll" "%ART%\plugin\PluginBridge.dll" >nul
copy /y native\include\pluginbridge.h "%ART%\include\pluginbridge.h" >nul
exit /b 0

:fmx
rem The same engine published again with only the FileMaker door (FMExternCallProc): a DLL named .fmx64.
echo == NativeAOT publish: PluginBridge.fmx64 (%RID%)
dotnet publish src\PluginBridge.Native\PluginBridge.Native.csproj -c Release -r %RID% -p:PluginBridgeDoor=fmx --artifacts-path "%CD%\.build\fmx" -o "%ART%\obj\fmx" -p:TrimmerSingleWarn=false > "%ART%\logs\publish-fmx.log" 2>&1 || (type "%ART%\logs\publish-fmx.log" & exit /b 1)
findstr /r /c:"warning IL[0-9]" "%ART%\logs\publish-fmx.log" && (echo trim/AOT warnings & exit /b 1)
if not exist "%ART%\fmx" mkdir "%ART%\fmx"
copy /y "%ART%\obj\fmx\PluginBridge.dll" "%ART%\fmx\PluginBridge.fmx64" >nul
exit /b 0

:host
if not exist src\PluginBridge.Host exit /b 0
echo == host: artifacts\host\pluginbridge.exe
dotnet publish src\PluginBridge.Host\PluginBridge.Host.csproj -c Release -r %RID% --self-contained false -o "%ART%\host" > "%ART%\logs\publish-host.log" 2>&1 || (type "%ART%\logs\publish-host.log" & exit /b 1)
exit /b 0

:test
call :build || exit /b 1
dotnet test PluginBridge.sln -c Release || exit /b 1
exit /b 0

:docs
dotnet run --project tools\GenDocs -c Release -- docs\functions.md
exit /b %ERRORLEVEL%
