#pragma once
// The public verification page of the 双随机 draws (GET /public/inspections/verify): it loads
// /public/inspections and recomputes every revealed draw in the browser with its own SHA-256
// (FIPS 180-4; browsers withhold crypto.subtle on plain-HTTP intranet pages). Static text.

#include <string_view>

namespace lakeguard::inspections {

inline constexpr std::string_view kVerifyPage = R"HTML(<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>双随机抽查公示与验证 · Random inspection draws</title>
<style>
body{font-family:"Noto Sans CJK SC","PingFang SC",sans-serif;margin:0 auto;max-width:960px;padding:16px;color:#1f2329}
h1{font-size:22px}.draw{border:1px solid #dcdfe6;border-radius:6px;padding:12px;margin:12px 0}
code{word-break:break-all;font-size:12px}.ok{color:#1a7f37;font-weight:bold}.bad{color:#c62828;font-weight:bold}
textarea{width:100%;height:120px}small{color:#606266}
</style></head><body>
<h1>双随机抽查公示与验证 <small>Random inspection draws — public record and check</small></h1>
<p>每次抽取在开始前公布企业库、执法人员库和种子的承诺值（SHA-256）；监督人录入文本后揭晓种子，任何人都可在本页重新计算抽取结果。
<small>Each draw publishes both pools and a commitment to its seed before anything is drawn; after witnesses add their texts the seed is revealed and this page recomputes the selection itself.</small></p>
<div id="draws">加载中… Loading…</div>
<h2>验证其他数据 <small>Check a draw's published JSON</small></h2>
<textarea id="paste" placeholder='{"seed":"…","commitment":"…","witnesses":[…],…}'></textarea>
<button id="check">验证 Check</button> <span id="pasteResult"></span>
<script>
"use strict";
var K=[0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2];
function sha256(bytes){
  var n=bytes.length,l=((n+9+63)>>6)<<6,m=new Uint8Array(l);m.set(bytes);m[n]=0x80;
  var bits=n*8;for(var i=0;i<8;i++){m[l-1-i]=bits%256;bits=Math.floor(bits/256);}
  var h=[0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19],w=new Array(64);
  for(var o=0;o<l;o+=64){
    for(var t=0;t<16;t++)w[t]=(m[o+4*t]<<24|m[o+4*t+1]<<16|m[o+4*t+2]<<8|m[o+4*t+3])>>>0;
    for(t=16;t<64;t++){var a=w[t-15],b=w[t-2];
      var s0=(a>>>7|a<<25)^(a>>>18|a<<14)^(a>>>3),s1=(b>>>17|b<<15)^(b>>>19|b<<13)^(b>>>10);
      w[t]=(w[t-16]+s0+w[t-7]+s1)>>>0;}
    var A=h[0],B=h[1],C=h[2],D=h[3],E=h[4],F=h[5],G=h[6],H=h[7];
    for(t=0;t<64;t++){
      var S1=(E>>>6|E<<26)^(E>>>11|E<<21)^(E>>>25|E<<7),ch=(E&F)^(~E&G),t1=(H+S1+ch+K[t]+w[t])>>>0;
      var S0=(A>>>2|A<<30)^(A>>>13|A<<19)^(A>>>22|A<<10),mj=(A&B)^(A&C)^(B&C),t2=(S0+mj)>>>0;
      H=G;G=F;F=E;E=(D+t1)>>>0;D=C;C=B;B=A;A=(t1+t2)>>>0;}
    h[0]=(h[0]+A)>>>0;h[1]=(h[1]+B)>>>0;h[2]=(h[2]+C)>>>0;h[3]=(h[3]+D)>>>0;
    h[4]=(h[4]+E)>>>0;h[5]=(h[5]+F)>>>0;h[6]=(h[6]+G)>>>0;h[7]=(h[7]+H)>>>0;}
  return h.map(function(x){return ("0000000"+x.toString(16)).slice(-8);}).join("");
}
function hex(s){return sha256(new TextEncoder().encode(s));}
function hexBytes(h){var b=new Uint8Array(h.length/2);for(var i=0;i<b.length;i++)b[i]=parseInt(h.substr(2*i,2),16);return sha256(b);}
function pick(fs,side,pool,n){
  return pool.map(function(p){return {id:p.id,key:hex(fs+":"+side+":"+p.id)};})
    .sort(function(a,b){return a.key<b.key?-1:a.key>b.key?1:a.id-b.id;}).slice(0,n).map(function(x){return x.id;});
}
function verify(d){
  var bad=[];
  if(!/^[0-9a-f]{64}$/.test(d.seed||""))return ["种子格式错误 bad seed"];
  if(hexBytes(d.seed)!==d.commitment)bad.push("承诺值不符：种子被更改 commitment does not match the seed");
  var ws=d.witnesses||[];if(!ws.length)bad.push("无监督人文本 no witness text");
  var fs=hex(d.seed+ws.map(function(w){return ":"+w.entropy;}).join(""));
  if(fs!==d.final_seed)bad.push("最终种子不符 final_seed does not follow");
  var e=pick(fs,"e",d.pool_enterprises,(d.selected_enterprises||[]).length),
      i=pick(fs,"i",d.pool_inspectors,(d.selected_inspectors||[]).length);
  if(e.join()!==(d.selected_enterprises||[]).map(function(x){return x.id;}).join())bad.push("企业抽取结果不符 enterprises do not match");
  if(i.join()!==(d.selected_inspectors||[]).map(function(x){return x.id;}).join())bad.push("执法人员抽取结果不符 inspectors do not match");
  if(d.k!==undefined&&d.k!==(d.selected_enterprises||[]).length)bad.push("k 不符 k does not match");
  if(d.m!==undefined&&d.m!==(d.selected_inspectors||[]).length)bad.push("m 不符 m does not match");
  return bad;
}
function el(tag,text,cls){var e=document.createElement(tag);if(text!==undefined)e.textContent=text;if(cls)e.className=cls;return e;}
function names(list){return (list||[]).map(function(x){return x.name+" ("+x.id+")";}).join("、");}
function show(d){
  var box=el("div",undefined,"draw");box.dataset.id=d.id;
  box.appendChild(el("h3",d.title+" · #"+d.id));
  box.appendChild(el("div","状态 status: "+(d.status==="revealed"?"已揭晓 revealed":"待揭晓 open")+" · k="+d.k+" · m="+d.m));
  var c=el("div","承诺值 commitment: ");c.appendChild(el("code",d.commitment));box.appendChild(c);
  box.appendChild(el("div","企业库 enterprise pool: "+d.pool_enterprises.length+" · 执法人员库 inspector pool: "+names(d.pool_inspectors)));
  if(d.excluded_inspectors&&d.excluded_inspectors.length)box.appendChild(el("div","回避 excluded: "+d.excluded_inspectors.map(function(x){return x.name+"（"+x.reason+"）";}).join("、")));
  box.appendChild(el("div","监督人文本 witness texts: "+(d.witnesses||[]).map(function(w){return "「"+w.entropy+"」";}).join(" ")));
  if(d.status==="revealed"){
    var s=el("div","种子 seed: ");s.appendChild(el("code",d.seed));box.appendChild(s);
    box.appendChild(el("div","抽中企业 selected enterprises: "+names(d.selected_enterprises)));
    box.appendChild(el("div","抽中执法人员 selected inspectors: "+names(d.selected_inspectors)));
    var bad=verify(d);
    box.appendChild(el("div",bad.length?"验证失败 FAILED: "+bad.join("；"):"已在本机重新计算，结果一致 Recomputed here: matches",bad.length?"bad verdict":"ok verdict"));
    var rs=d.results||[];
    box.appendChild(el("div","检查结果 results: "+(rs.length?rs.length+" 家已完成 completed":"尚无已完成的检查 none completed yet")));
    rs.forEach(function(r){
      var line=r.enterprise.name+" · "+r.template_name+" · "+r.completed_at.slice(0,10)+" · 执法人员 "+names(r.inspectors)+
        " · 检查项 "+r.items+"，不符合 "+r.failed+"，隐患 "+r.hazards+
        (r.penalties.length?" · 处罚 "+r.penalties.map(function(p){return p.violation_text+"（"+p.level+"，"+p.amount_yuan+" 元，"+p.basis+"）";}).join("；"):" · 无处罚");
      box.appendChild(el("div",line,"result"));
    });
  }
  return box;
}
fetch("/public/inspections?page_size=100").then(function(r){return r.json();}).then(function(p){
  var root=document.getElementById("draws");root.textContent="";
  if(!p.items||!p.items.length){root.textContent="暂无抽取 No draws yet.";return;}
  p.items.forEach(function(d){root.appendChild(show(d));});
}).catch(function(e){document.getElementById("draws").textContent="加载失败 Could not load: "+e;});
document.getElementById("check").onclick=function(){
  var out=document.getElementById("pasteResult");
  try{var bad=verify(JSON.parse(document.getElementById("paste").value));
    out.textContent=bad.length?"验证失败 FAILED: "+bad.join("；"):"一致 matches";out.className=bad.length?"bad":"ok";}
  catch(e){out.textContent="JSON 无法解析 not JSON: "+e.message;out.className="bad";}
};
</script></body></html>
)HTML";

}  // namespace lakeguard::inspections
