namespace ClaraPortal.Web.Resources;

/// <summary>
/// Marker for <c>IStringLocalizer&lt;SharedResource&gt;</c>: all UI text lives in SharedResource.resx
/// (English), SharedResource.es-MX.resx and SharedResource.pt-BR.resx, one per PortalCultures.Supported. Keys are dotted (<c>Nav.Cards</c>), grouped by screen.
/// </summary>
public sealed class SharedResource;
