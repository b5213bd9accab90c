using ClaraPortal.Sandbox;
using ClaraPortal.Sandbox.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Standalone sandbox: `dotnet run --project src/ClaraPortal.Sandbox`. Settings come from the
// "Sandbox" section (env vars such as Sandbox__Url, or --Sandbox:Url=...); Ctrl+C stops it.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddOptions<SandboxOptions>()
    .Configure(options => SandboxOptions.Bind(builder.Configuration.GetSection(SandboxOptions.SectionName), options))
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddHostedService<SandboxHostedService>();
await builder.Build().RunAsync();

/// <summary>
/// Internal on purpose: the portal and tests reference this assembly, and a second public Program
/// would make their WebApplicationFactory&lt;Program&gt; ambiguous.
/// </summary>
internal partial class Program;
