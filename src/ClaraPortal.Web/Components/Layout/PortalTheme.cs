using MudBlazor;

namespace ClaraPortal.Web.Components.Layout;

/// <summary>
/// Colours and type for both modes. System fonts only: the machines running this have no internet.
/// Every colour that text is written in (or written on) meets WCAG 2.1 AA, 4.5:1, against the surfaces it sits on:
/// MudBlazor's defaults for secondary text (#737475 on the background), success (#00c853), warning (#ff9800),
/// error (#f44336) and info do not, as chips, alerts, outlined and filled buttons (white on them). The accessibility
/// browser test (axe-core) checks every page against them.
/// </summary>
public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4338ca",
            Secondary = "#475569",
            AppbarBackground = "#1e1b4b",
            Background = "#f8fafc",
            DrawerBackground = "#ffffff",
            TextSecondary = "#475569",
            Info = "#1d4ed8",
            Success = "#15803d",
            Warning = "#b45309",
            Error = "#b91c1c",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#818cf8",
            Secondary = "#94a3b8",
            AppbarBackground = "#111827",
            Background = "#0b1120",
            Surface = "#111827",
            DrawerBackground = "#111827",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"],
            },
        },
    };
}
