using System.Text.Encodings.Web;

namespace ClaraPortal.Identity;

/// <summary>
/// The provider's sign-in form: plain server-rendered HTML outside the portal's interactive router,
/// so it works before any Blazor circuit exists.
/// </summary>
internal static class LoginPage
{
    public static string Render(string antiforgeryFieldName, string antiforgeryToken, string returnUrl, string? username, string? error)
    {
        var enc = HtmlEncoder.Default;
        var errorBlock = error is null
            ? ""
            : $"""<div class="error" role="alert" id="login-error">{enc.Encode(error)}</div>""";
        var describedBy = error is null ? "" : """ aria-describedby="login-error" """;
        var usernameFocus = string.IsNullOrEmpty(username) ? " autofocus" : "";
        var passwordFocus = string.IsNullOrEmpty(username) ? "" : " autofocus";

        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1" />
              <title>Sign in - Clara Portal</title>
              <style>
                :root { color-scheme: light; }
                * { box-sizing: border-box; }
                body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
                       font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
                       background: linear-gradient(135deg, #1e1b4b 0%, #4338ca 55%, #6366f1 100%); color: #1f2937; }
                main { background: #fff; width: min(420px, 92vw); padding: 2.25rem 2rem; border-radius: 14px;
                       box-shadow: 0 20px 45px rgba(15, 23, 42, .35); }
                .brand { display: flex; align-items: center; gap: .6rem; margin-bottom: 1.25rem; }
                .logo { width: 38px; height: 38px; border-radius: 10px; background: #4338ca; color: #fff;
                        display: grid; place-items: center; font-weight: 700; font-size: 1.2rem; }
                h1 { font-size: 1.35rem; margin: 0; }
                p.hint { color: #6b7280; font-size: .9rem; margin: 0 0 1.25rem; }
                label { display: block; font-weight: 600; font-size: .9rem; margin: 1rem 0 .35rem; }
                input[type=text], input[type=password] { width: 100%; padding: .7rem .8rem; font-size: 1rem;
                       border: 1px solid #cbd5e1; border-radius: 8px; }
                input:focus { outline: 3px solid #a5b4fc; border-color: #4338ca; }
                button { margin-top: 1.5rem; width: 100%; padding: .75rem; font-size: 1rem; font-weight: 600;
                         color: #fff; background: #4338ca; border: 0; border-radius: 8px; cursor: pointer; }
                button:hover { background: #3730a3; }
                button:focus-visible { outline: 3px solid #a5b4fc; outline-offset: 2px; }
                .error { background: #fef2f2; color: #991b1b; border: 1px solid #fecaca; padding: .65rem .8rem;
                         border-radius: 8px; font-size: .95rem; }
                footer { margin-top: 1.25rem; color: #6b7280; font-size: .8rem; text-align: center; }
              </style>
            </head>
            <body>
              <main>
                <div class="brand"><div class="logo" aria-hidden="true">C</div><h1>Clara Portal</h1></div>
                <p class="hint">Development sign-in. Demo users: issuer, issuer2, approver, approver2, auditor, admin (and norole, with no role).</p>
                {{errorBlock}}
                <form method="post" action="{{enc.Encode(DevelopmentIdentityDefaults.LoginPath)}}" novalidate>
                  <input type="hidden" name="{{enc.Encode(antiforgeryFieldName)}}" value="{{enc.Encode(antiforgeryToken)}}" />
                  <input type="hidden" name="returnUrl" value="{{enc.Encode(returnUrl)}}" />
                  <label for="username">Username</label>
                  <input type="text" id="username" name="username" autocomplete="username" required value="{{enc.Encode(username ?? "")}}"{{describedBy}}{{usernameFocus}} />
                  <label for="password">Password</label>
                  <input type="password" id="password" name="password" autocomplete="current-password" required{{describedBy}}{{passwordFocus}} />
                  <button type="submit">Sign in</button>
                </form>
                <footer>Embedded development identity provider &middot; not for production</footer>
              </main>
            </body>
            </html>
            """;
    }
}
