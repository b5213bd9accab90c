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
