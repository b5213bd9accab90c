using ClaraPortal.Web.Extensions;
using ClaraPortal.Web.Features.Demo;

if (SeedDemoCommand.IsInvoked(args))
{
    return await SeedDemoCommand.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
app.UsePortal();
await app.RunAsync();
return 0;
