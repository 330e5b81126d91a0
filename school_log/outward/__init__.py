"""What leaves the school or its keeping: transfers, retention, exports, and what is pending from
them."""
