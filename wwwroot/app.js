// Small browser helpers the portal calls through JS interop.
window.claraPortal = {
    // Submits a plain (non-Blazor) form, e.g. the sign-out POST with its antiforgery token.
    submitForm: function (id) {
        const form = document.getElementById(id);
        if (form) { form.submit(); }
    },
    getDarkMode: function () {
        const value = window.localStorage.getItem("clara-portal.dark-mode");
        return value === null ? null : value === "true";
    },
    setDarkMode: function (dark) {
        window.localStorage.setItem("clara-portal.dark-mode", dark ? "true" : "false");
    }
};

// Focus goes back to what opened a dialog when the dialog closes (WCAG 2.4.3, focus order): MudBlazor moves focus into
// a dialog but leaves it on the page's body afterwards, so a keyboard user would start again from the top. When the
// opener is gone or disabled (the card it cancelled), the page's heading takes focus instead.
(function () {
    const openers = new Map();
    const dialogIn = node => node.nodeType !== 1 ? null
        : node.classList.contains("mud-dialog-container") ? node : node.querySelector(".mud-dialog-container");
    const restore = opener => {
        const active = document.activeElement;
        if (active && active !== document.body && active.isConnected) {
            return;
        }
        const target = opener && opener.isConnected && !opener.disabled ? opener : document.querySelector("main h1");
        if (target) { target.focus(); }
    };
    new MutationObserver(records => {
        for (const record of records) {
            record.addedNodes.forEach(node => {
                const dialog = dialogIn(node);
                if (dialog) { openers.set(dialog, document.activeElement); }
            });
            record.removedNodes.forEach(node => {
                const dialog = dialogIn(node);
                if (dialog && openers.has(dialog)) {
                    const opener = openers.get(dialog);
                    openers.delete(dialog);
                    // After Blazor's render batch: the page may re-render the opener (enabled again) in the same pass.
                    setTimeout(() => restore(opener), 0);
                }
            });
        }
    }).observe(document.body, { childList: true, subtree: true });
})();
