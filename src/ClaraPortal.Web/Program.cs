using ClaraPortal.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);
await builder.AddPortalAsync();

var app = builder.Build();
app.UsePortal();
await app.RunAsync();
