// The plain approach wirefeed replaces: read every file with gray-matter (its defaults), sort
// newest first, hand the newest 50 to the `feed` package, write its three formats.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Feed } from "feed";
import matter from "gray-matter";

const [dir, out] = process.argv.slice(2);
const stories = [];
for (const name of readdirSync(dir)) {
  const { data, content } = matter(readFileSync(join(dir, name), "utf8"));
  const lines = content.split("\n");
  stories.push({
    id: data.id ?? name.replace(/\.\w+$/, ""),
    title: data.title ?? lines.find((l) => l.trim()) ?? name,
    date: new Date(data.published ?? 0),
    author: data.byline ?? data.credit ?? "unknown",
    copyright: data.copyright,
    content,
  });
}
stories.sort((a, b) => b.date - a.date);
const feed = new Feed({ title: "Baseline", id: "https://news.example.com/", link: "https://news.example.com/", copyright: "©", updated: stories[0]?.date });
for (const s of stories.slice(0, 50)) {
  feed.addItem({ title: s.title, id: `https://news.example.com/stories/${s.id}`, link: `https://news.example.com/stories/${s.id}`,
    date: s.date, description: s.content.slice(0, 200), content: s.content, author: [{ name: s.author }], copyright: s.copyright });
}
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "rss.xml"), feed.rss2());
writeFileSync(join(out, "atom.xml"), feed.atom1());
writeFileSync(join(out, "feed.json"), feed.json1());
