using ClaraPortal.Web.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ClaraPortal.Web.Localization;

/// <summary>
/// MudBlazor's own texts (close buttons, pagers, date pickers) from our resources under "Mud.&lt;key&gt;";
/// a key we do not translate falls back to MudBlazor's built-in English.
/// </summary>
public sealed class PortalMudLocalizer(IStringLocalizer<SharedResource> strings) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var text = strings["Mud." + key];
            return text.ResourceNotFound ? new LocalizedString(key, key, resourceNotFound: true) : new LocalizedString(key, text.Value);
        }
    }
}
