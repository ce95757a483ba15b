"""The auto_retry event handler."""
