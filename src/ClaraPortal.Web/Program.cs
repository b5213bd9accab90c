using ClaraPortal.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
app.UsePortal();
await app.RunAsync();
