"""Saved web pages in the shapes of the Senate's and the National Assembly's news items and of a
newspaper's article page, written in our own words: what a clerk saves with "Save page as"."""

NAV = """
<header class="site-header"><a href="/">Home</a> <a href="/members">Members</a> <a href="/committees">Committees</a>
<a href="/press">Press Releases</a> <a href="/contact">Contact Us</a></header>
<nav id="main-menu"><ul><li><a href="/about">About the House</a></li><li><a href="/rules">Rules of Procedure</a></li>
<li><a href="/archive">Archive</a></li></ul></nav>
"""

SENATE_NEWS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Senate Standing Committee on IT reviews fibre plan | Senate of Pakistan</title>
<style>.x{color:red}</style><script>var tracking = "The ministry will never do this by 2030.";</script>
</head><body>""" + NAV + """
<div class="container"><div class="row">
<aside class="sidebar"><h3>Latest News</h3><ul>
<li><a href="/n/1">Chairman Senate meets delegation from Uzbekistan</a></li>
<li><a href="/n/2">House Business Advisory Committee meets</a></li></ul></aside>
<main><article class="news-detail">
<h1>Senate Standing Committee on IT reviews fibre plan</h1>
<p class="dateline">Islamabad, September 05, 2022</p>
<p>The Senate Standing Committee on Information Technology and Telecommunication met at Parliament House
under the chair of Senator Rubina Qaimkhani to review the national fibre plan.</p>
<p>The Secretary told the committee that the Ministry will connect 1,200 union councils to the fibre backbone
by June 2023. The Universal Service Fund will launch rural broadband in 40 tehsils within 90 days.</p>
<p>The committee directed the ministry to submit a progress report at the next meeting.</p>
</article></main></div></div>
<footer class="site-footer"><p>Copyright 2022 Senate of Pakistan. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy Policy</a></li><li><a href="/sitemap">Sitemap</a></li></ul></footer>
</body></html>
"""

NA_NEWS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>National Assembly of Pakistan - Press Release</title>
<meta property="og:title" content="NA Committee on Finance discusses e-invoicing">
</head><body>""" + NAV + """
<table class="layout"><tr><td class="left-menu"><a href="/q">Questions</a><br><a href="/r">Resolutions</a></td>
<td class="content">
<h2>NA Committee on Finance discusses e-invoicing</h2>
<p>The Standing Committee on Finance and Revenue met on Tuesday. The meeting was held on 14th October 2025
in the Committee Room of Parliament House.</p>
<p>The Federal Board of Revenue will integrate 5,000 retailers with the point-of-sale system by December 2025.
The Chairman FBR said the e-invoicing rules will be notified within 30 days.</p>
</td><td class="right-links"><h4>Related links</h4><a href="/x">Budget 2025-26</a><br><a href="/y">Order of the Day</a></td>
</tr></table>
<div class="footer">National Assembly Secretariat, Islamabad. Best viewed in Chrome.</div>
</body></html>
"""

NEWSPAPER = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ministry promises 300 e-Rozgar centres - Newspaper</title>
<meta property="article:published_time" content="2026-03-12T08:15:00+05:00">
<meta name="description" content="Ministry makes commitments to Senate panel">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x"}</script>
</head><body>""" + NAV + """
<div class="top-ad">Advertisement</div>
<div class="story">
<h1 class="story__title">Ministry promises 300 e-Rozgar centres</h1>
<span class="story__byline">Our Correspondent</span>
<time datetime="2026-03-12T08:15:00+05:00">March 12, 2026</time>
<div class="story__content">
<p>ISLAMABAD: The Ministry of IT told the Senate panel on Wednesday that it will open 300 e-Rozgar centres
across the country by June 2026.</p>
<p>The Pakistan Software Export Board will register 2,000 new IT companies within six months, the
Secretary said, adding that exports had reached $3.2 billion last year.</p>
</div></div>
<div class="related"><h3>Related Stories</h3><ul><li><a href="/a">Cabinet approves telecom policy</a></li>
<li><a href="/b">IT exports grow in February</a></li></ul></div>
<div class="comments"><h3>Comments</h3><p>Reader: The ministry will never deliver, mark my words.</p></div>
<footer><p>Copyright 2026 The Newspaper. Terms of use.</p></footer>
</body></html>
"""
