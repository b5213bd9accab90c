namespace ClaraPortal.Web.Localization;

/// <summary>
/// An exception a service throws to refuse something for a reason the user should read as it is (a resource key and
/// its arguments), not as a generic failure. <see cref="UserMessages.For"/> words it in the reader's language.
/// </summary>
public interface ILocalizedRefusal
{
    string MessageKey { get; }

    IReadOnlyList<object> MessageArguments { get; }
}
