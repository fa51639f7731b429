/**
 * The XSL stylesheet that turns wirefeed's RSS and Atom feeds into a readable page in a browser,
 * written to the output folder as `feed.xsl` and referenced by `<?xml-stylesheet?>` in each feed.
 *
 * XSLT 1.0 (the version browsers implement), one stylesheet for both root elements, no script.
 * It reads the fields wirefeed's own renderers write: it is not a general feed viewer.
 */
import { CREDIT_CLASS } from "./credit.js";
import { PAGE_CSS } from "./page.js";
import { PICTURE_CLASS, PICTURE_CREDIT_CLASS } from "./picture.js";


/**
 * The stylesheet text. Each story shows headline (linked), dateline, time, byline, credit, summary,
 * copyright and the credit line that ends its content, with the same markup and classes as the HTML view (`renderFeedHtml`).
 */
export const FEED_XSL = `<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:dcterms="http://purl.org/dc/terms/"
  xmlns:media="http://search.yahoo.com/mrss/"
  exclude-result-prefixes="atom dc dcterms media">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:apply-templates select="rss/channel | atom:feed"/>
  </xsl:template>

  <xsl:template match="channel">
    <xsl:call-template name="page">
      <xsl:with-param name="lang" select="language"/>
      <xsl:with-param name="title" select="title"/>
      <xsl:with-param name="description" select="description"/>
      <xsl:with-param name="self" select="atom:link[@rel='self']/@href"/>
      <xsl:with-param name="rights" select="copyright"/>
      <xsl:with-param name="stories" select="item"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="atom:feed">
    <xsl:call-template name="page">
      <xsl:with-param name="lang" select="@xml:lang"/>
      <xsl:with-param name="title" select="atom:title"/>
      <xsl:with-param name="description" select="atom:subtitle"/>
      <xsl:with-param name="self" select="atom:link[@rel='self']/@href"/>
      <xsl:with-param name="rights" select="atom:rights"/>
      <xsl:with-param name="stories" select="atom:entry"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="page">
    <xsl:param name="lang"/><xsl:param name="title"/><xsl:param name="description"/>
    <xsl:param name="self"/><xsl:param name="rights"/><xsl:param name="stories"/>
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/></title>
        <style>${PAGE_CSS}</style>
      </head>
      <body>
        <header class="site">
          <p class="kind">Web feed</p>
          <h1><xsl:value-of select="$title"/></h1>
          <p class="description"><xsl:value-of select="$description"/></p>
          <p class="subscribe">To subscribe, copy this address into your feed reader: <code><xsl:value-of select="$self"/></code></p>
        </header>
        <main>
          <xsl:apply-templates select="$stories"/>
        </main>
        <footer class="site">
          <p class="rights"><xsl:value-of select="$rights"/></p>
          <p>Made by wirefeed.</p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <xsl:call-template name="story">
      <xsl:with-param name="headline" select="title"/>
      <xsl:with-param name="link" select="link"/>
      <xsl:with-param name="dateline" select="dc:coverage"/>
      <xsl:with-param name="published"><xsl:call-template name="rfc822-iso"><xsl:with-param name="d" select="pubDate"/></xsl:call-template></xsl:with-param>
      <xsl:with-param name="updated" select="dcterms:modified"/>
      <xsl:with-param name="bylines" select="dc:creator"/>
      <xsl:with-param name="credit" select="dc:source"/>
      <!-- RSS readers take description as HTML, so wirefeed escapes the plain summary once: undo it.
           The description ends with the credit paragraph, when there is one: the summary is what is before it. -->
      <xsl:with-param name="summary"><xsl:call-template name="unescape"><xsl:with-param name="s">
        <xsl:choose>
          <xsl:when test="contains(description, $credit-open)"><xsl:value-of select="substring-before(description, concat('&#10;', $credit-open))"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="description"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param></xsl:call-template></xsl:with-param>
      <xsl:with-param name="copyright" select="dc:rights"/>
      <xsl:with-param name="pictures" select="media:content"/>
      <xsl:with-param name="credit-line"><xsl:call-template name="credit-line"><xsl:with-param name="html" select="string(description)"/></xsl:call-template></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="atom:entry">
    <xsl:variable name="credit-line"><xsl:call-template name="credit-line"><xsl:with-param name="html" select="string(atom:content)"/></xsl:call-template></xsl:variable>
    <!-- The summary ends with the credit line, on a line of its own, when there is one: take it off. -->
    <xsl:variable name="tail" select="concat('&#10;', $credit-line)"/>
    <xsl:variable name="cut" select="string-length(atom:summary) - string-length($tail)"/>
    <xsl:call-template name="story">
      <xsl:with-param name="headline" select="atom:title"/>
      <xsl:with-param name="link" select="atom:link[@rel='alternate']/@href"/>
      <xsl:with-param name="dateline" select="dc:coverage"/>
      <xsl:with-param name="published" select="atom:published"/>
      <xsl:with-param name="updated" select="atom:updated[. != ../atom:published]"/>
      <xsl:with-param name="bylines" select="atom:author/atom:name"/>
      <xsl:with-param name="credit" select="dc:source"/>
      <xsl:with-param name="summary">
        <xsl:choose>
          <xsl:when test="string($credit-line) and substring(atom:summary, $cut + 1) = $tail"><xsl:value-of select="substring(atom:summary, 1, $cut)"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="atom:summary"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="copyright" select="atom:rights"/>
      <xsl:with-param name="pictures" select="media:content"/>
      <xsl:with-param name="credit-line" select="$credit-line"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="story">
    <xsl:param name="headline"/><xsl:param name="link"/><xsl:param name="dateline"/>
    <xsl:param name="published"/><xsl:param name="updated"/><xsl:param name="bylines"/>
    <xsl:param name="credit"/><xsl:param name="summary"/><xsl:param name="copyright"/><xsl:param name="credit-line"/><xsl:param name="pictures"/>
    <article class="story">
      <h2 class="headline">
        <xsl:choose>
          <!-- Only web links (http, https): any other scheme could be script by another name. -->
          <xsl:when test="starts-with($link, 'https://') or starts-with($link, 'http://')">
            <a href="{$link}"><xsl:value-of select="$headline"/></a>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="$headline"/></xsl:otherwise>
        </xsl:choose>
      </h2>
      <p class="meta">
        <xsl:if test="string($dateline)"><span class="dateline"><xsl:value-of select="$dateline"/></span> · </xsl:if>
        <xsl:call-template name="time"><xsl:with-param name="class">published</xsl:with-param><xsl:with-param name="iso" select="string($published)"/></xsl:call-template>
        <xsl:if test="string($updated)"> · updated <xsl:call-template name="time"><xsl:with-param name="class">updated</xsl:with-param><xsl:with-param name="iso" select="string($updated)"/></xsl:call-template></xsl:if>
      </p>
      <p class="attribution">
        <span class="byline">By <xsl:for-each select="$bylines"><xsl:if test="position() != 1">, </xsl:if><xsl:value-of select="."/></xsl:for-each></span>
        · <span class="credit"><xsl:value-of select="$credit"/></span>
      </p>
      <p class="summary"><xsl:value-of select="$summary"/></p>
      <xsl:apply-templates select="$pictures"/>
      <p class="copyright"><xsl:value-of select="$copyright"/></p>
      <xsl:if test="string($credit-line)"><p class="${CREDIT_CLASS}"><xsl:value-of select="$credit-line"/></p></xsl:if>
    </article>
  </xsl:template>

  <!-- 2025-03-04T08:30:00.000Z → <time datetime="…">2025-03-04 08:30 UTC</time>, as the HTML view shows it. -->
  <xsl:template name="time">
    <xsl:param name="class"/><xsl:param name="iso"/>
    <time class="{$class}" datetime="{$iso}"><xsl:value-of select="concat(substring($iso, 1, 10), ' ', substring($iso, 12, 5), ' UTC')"/></time>
  </xsl:template>

  <!-- "Tue, 04 Mar 2025 08:30:00 GMT" (the only form wirefeed writes) → "2025-03-04T08:30:00Z". -->
  <xsl:template name="rfc822-iso">
    <xsl:param name="d"/>
    <xsl:variable name="month" select="(string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', substring($d, 9, 3))) div 3) + 1"/>
    <xsl:value-of select="concat(substring($d, 13, 4), '-', format-number($month, '00'), '-', substring($d, 6, 2), 'T', substring($d, 18, 8), 'Z')"/>
  </xsl:template>

  <!-- A picture (Media RSS), as the HTML view shows it: the image, its caption, its credit beneath. -->
  <xsl:template match="media:content">
    <figure class="${PICTURE_CLASS}">
      <xsl:if test="starts-with(@url, 'https://')">
        <img src="{@url}" alt="{media:title}">
          <xsl:if test="@width"><xsl:attribute name="width"><xsl:value-of select="@width"/></xsl:attribute></xsl:if>
          <xsl:if test="@height"><xsl:attribute name="height"><xsl:value-of select="@height"/></xsl:attribute></xsl:if>
        </img>
      </xsl:if>
      <figcaption>
        <xsl:if test="string(media:title)"><xsl:value-of select="media:title"/><xsl:text> </xsl:text></xsl:if>
        <span class="${PICTURE_CREDIT_CLASS}"><xsl:value-of select="media:credit"/> · <xsl:value-of select="media:copyright"/><xsl:if test="string(media:text)"> · <xsl:value-of select="media:text"/></xsl:if></span>
      </figcaption>
    </figure>
  </xsl:template>

  <!-- How the credit paragraph that ends an item's content opens (see render/credit.ts). -->
  <xsl:variable name="credit-open">&lt;p class="${CREDIT_CLASS}"&gt;</xsl:variable>

  <!-- The text of the credit paragraph that ends escaped HTML (the last one), unescaped; empty without one. -->
  <xsl:template name="credit-line">
    <xsl:param name="html"/>
    <xsl:choose>
      <xsl:when test="contains($html, $credit-open)">
        <xsl:variable name="after" select="substring-after($html, $credit-open)"/>
        <xsl:choose>
          <xsl:when test="contains($after, $credit-open)">
            <xsl:call-template name="credit-line"><xsl:with-param name="html" select="$after"/></xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="unescape"><xsl:with-param name="s" select="substring-before($after, '&lt;/p&gt;')"/></xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- Undoes escapeText: &lt; &gt; first, &amp; last, so "&amp;lt;" becomes "&lt;" as written. -->
  <xsl:template name="unescape">
    <xsl:param name="s"/>
    <xsl:call-template name="replace">
      <xsl:with-param name="s"><xsl:call-template name="replace">
        <xsl:with-param name="s"><xsl:call-template name="replace">
          <xsl:with-param name="s" select="$s"/><xsl:with-param name="from">&amp;lt;</xsl:with-param><xsl:with-param name="to">&lt;</xsl:with-param>
        </xsl:call-template></xsl:with-param>
        <xsl:with-param name="from">&amp;gt;</xsl:with-param><xsl:with-param name="to">&gt;</xsl:with-param>
      </xsl:call-template></xsl:with-param>
      <xsl:with-param name="from">&amp;amp;</xsl:with-param><xsl:with-param name="to">&amp;</xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="replace">
    <xsl:param name="s"/><xsl:param name="from"/><xsl:param name="to"/>
    <xsl:choose>
      <xsl:when test="contains($s, $from)">
        <xsl:value-of select="concat(substring-before($s, $from), $to)"/>
        <xsl:call-template name="replace">
          <xsl:with-param name="s" select="substring-after($s, $from)"/><xsl:with-param name="from" select="$from"/><xsl:with-param name="to" select="$to"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
`;
