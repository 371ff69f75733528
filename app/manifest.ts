import type { MetadataRoute } from "next";

/** Installable as an app (spec §5.9): opens on the chat, which sends newcomers to the login page. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "MiniMost",
    short_name: "MiniMost",
    description: "Team chat",
    start_url: "/",
    display: "standalone",
    theme_color: "#1e1e1e",
    background_color: "#111213",
    icons: [{ src: "/icon.svg", sizes: "any", type: "image/svg+xml" }],
  };
}
