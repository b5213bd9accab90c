// Exports (history, reports), downloaded by the browser page that shows the data: fetch with the session cookie, read the
// body as the server streams it (progress to .NET about every 250 ms; for CSV also rows, counted by line ends),
// cancel through an AbortController, and at the end hand the file over with an <a download> click.
const running = new Map();
const progressEveryMs = 250;
const lineFeed = 10;

/** Starts an export and returns at once (a download can outlast any interop call's timeout); .NET hears back through `dotnet`. */
export function start(id, url, fallbackName, countRows, dotnet) {
    const controller = new AbortController();
    running.set(id, controller);
    download(id, url, fallbackName, countRows, dotnet, controller).finally(() => running.delete(id));
}

export function cancel(id) {
    running.get(id)?.abort();
}

async function download(id, url, fallbackName, countRows, dotnet, controller) {
    let bytes = 0;
    let lines = 0;
    const rows = () => Math.max(0, lines - 1); // the header is a line too
    try {
        // "manual": an expired session or a refused role answers with a redirect to a page, which must not be saved as the file.
        const response = await fetch(url, { credentials: "same-origin", redirect: "manual", signal: controller.signal });
        if (response.type === "opaqueredirect" || !response.ok || !response.body) {
            await tell(dotnet, "OnExportStopped", id, "failed", response.status);
            return;
        }

        const reader = response.body.getReader();
        const chunks = [];
        let reported = performance.now();
        for (;;) {
            const { done, value } = await reader.read();
            if (done) {
                break;
            }

            chunks.push(value);
            bytes += value.byteLength;
            if (countRows) {
                lines += countLineFeeds(value);
            }

            const now = performance.now();
            if (now - reported >= progressEveryMs) {
                reported = now;
                // Not awaited: reading goes on while .NET renders.
                tell(dotnet, "OnExportProgress", id, bytes, rows());
            }
        }

        const type = response.headers.get("Content-Type") ?? "application/octet-stream";
        save(new Blob(chunks, { type }), fileNameOf(response.headers.get("Content-Disposition")) ?? fallbackName);
        await tell(dotnet, "OnExportFinished", id, bytes, rows());
    } catch (error) {
        await tell(dotnet, "OnExportStopped", id, controller.signal.aborted ? "cancelled" : "failed", 0);
    }
}

function countLineFeeds(chunk) {
    let count = 0;
    let at = chunk.indexOf(lineFeed);
    while (at !== -1) {
        count++;
        at = chunk.indexOf(lineFeed, at + 1);
    }

    return count;
}

function fileNameOf(disposition) {
    if (!disposition) {
        return null;
    }

    const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
    if (encoded) {
        return decodeURIComponent(encoded[1].trim());
    }

    const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
    return plain ? plain[1].trim() : null;
}

function save(blob, name) {
    const href = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = href;
    link.download = name;
    link.style.display = "none";
    document.body.appendChild(link);
    link.click();
    link.remove();
    // Revoked later, not at once: the browser reads the blob after the click returns.
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

async function tell(dotnet, method, ...args) {
    try {
        await dotnet.invokeMethodAsync(method, ...args);
    } catch {
        // The page has gone (navigated away, circuit closed): nobody is left to tell.
    }
}
