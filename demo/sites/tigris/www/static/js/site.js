/* cookie banner + disqus loader */
