using MudBlazor;

namespace ClaraPortal.Web.Components.Layout;

/// <summary>Colours and type for both modes. System fonts only: the machines running this have no internet.</summary>
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
