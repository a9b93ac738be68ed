//! [`KeyedList`]: a finding's facts and translations, keyed by name.
//!
//! A finding has a dozen facts and usually one translation. A `BTreeMap` gives each of them
//! a node of eleven slots (about 1 KB for a single translation), and an assessment holds
//! tens of thousands of findings; a vector kept in key order holds the same entries in
//! one allocation of their own size, reads and serializes in the same (sorted) order, and
//! is what the JSON contract sees either way: an object.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::marker::PhantomData;

/// Entries keyed by name, in key order, each key once (a later insert replaces). Keys the
/// program writes are `&'static str` and are not copied; keys read from JSON are owned.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyedList<V>(Vec<(Cow<'static, str>, V)>);

impl<V> Default for KeyedList<V> {
    fn default() -> Self {
        KeyedList(Vec::new())
    }
}

impl<V> KeyedList<V> {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_ref().cmp(key))
    }
    /// Sets `key` to `value`, returning the value it replaces.
    pub fn insert(&mut self, key: Cow<'static, str>, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }
    /// The value of `key`, to change it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.find(key).ok().map(|i| &mut self.0[i].1)
    }
    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }
    /// Takes `key` out, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }
    /// The number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Entries in key order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &V)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }
    /// The keys in order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_ref())
    }
    /// The values in key order.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<V> std::ops::Index<&str> for KeyedList<V> {
    type Output = V;
    /// Panics when the key is absent, like `BTreeMap`'s index (for tests and known keys).
    fn index(&self, key: &str) -> &V {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no entry {key:?}"),
        }
    }
}

impl<K: Into<Cow<'static, str>>, V> FromIterator<(K, V)> for KeyedList<V> {
    /// Later entries replace earlier ones with the same key.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut entries: Vec<(Cow<'static, str>, V)> =
            iter.into_iter().map(|(k, v)| (k.into(), v)).collect();
        // Stable, so that of equal keys the last one can be kept.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(Cow<'static, str>, V)> = Vec::with_capacity(entries.len());
        for e in entries {
            match out.last_mut() {
                Some(last) if last.0 == e.0 => *last = e,
                _ => out.push(e),
            }
        }
        KeyedList(out)
    }
}

impl<K: Into<Cow<'static, str>>, V, const N: usize> From<[(K, V); N]> for KeyedList<V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<V> From<BTreeMap<String, V>> for KeyedList<V> {
    fn from(map: BTreeMap<String, V>) -> Self {
        KeyedList(map.into_iter().map(|(k, v)| (Cow::Owned(k), v)).collect())
    }
}

impl<V> IntoIterator for KeyedList<V> {
    type Item = (Cow<'static, str>, V);
    type IntoIter = std::vec::IntoIter<(Cow<'static, str>, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<V: Serialize> Serialize for KeyedList<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k.as_ref(), v)?;
        }
        m.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for KeyedList<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Entries<V> {
            type Value = KeyedList<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, V)> = Vec::new();
                while let Some(e) = a.next_entry::<String, V>()? {
                    entries.push(e);
                }
                Ok(entries.into_iter().collect())
            }
        }
        d.deserialize_map(Entries(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_key_order_and_the_last_value_like_a_btreemap() {
        let mut l = KeyedList::new();
        let mut b = BTreeMap::new();
        for (k, v) in [("zeta", 1), ("alpha", 2), ("mid", 3), ("alpha", 4)] {
            assert_eq!(l.insert(k.into(), v), b.insert(k.to_string(), v));
        }
        assert_eq!(l, KeyedList::from(b.clone()));
        assert_eq!(
            serde_json::to_string(&l).ok(),
            serde_json::to_string(&b).ok()
        );
        assert_eq!(l["alpha"], 4);
        assert_eq!(l.get("none"), None);
        let collected: KeyedList<i32> = [("b", 1), ("a", 2), ("b", 3)].into_iter().collect();
        assert_eq!(
            collected.iter().collect::<Vec<_>>(),
            vec![("a", &2), ("b", &3)]
        );
        assert_eq!(l.remove("mid"), Some(3));
        assert_eq!(l.len(), 2);
    }

    #[test]
    fn json_round_trip_sorts_keys() {
        let l: KeyedList<serde_json::Value> =
            serde_json::from_value(json!({"b": [1, 2], "a": "x"})).unwrap_or_default();
        assert_eq!(l.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(
            serde_json::to_value(&l).ok(),
            Some(json!({"a": "x", "b": [1, 2]}))
        );
        assert!(serde_json::from_value::<KeyedList<i32>>(json!([1])).is_err());
    }
}
